'use strict';
// Nightly export of Partner Center invoices; runs from cron on the billing VM.
const msal = require('@azure/msal-node');

const app = new msal.PublicClientApplication({
  auth: {
    clientId: process.env.BILLING_APP_ID,
    authority: 'https://login.microsoftonline.com/organizations',
  },
});

const tokenRequest = {
  scopes: ['https://api.partnercenter.microsoft.com/user_impersonation'],
  username: 'billing-export@contoso.onmicrosoft.com',
  password: 'Winter2019!',
};

function exportInvoices() {
  return app
    .acquireTokenByUsernamePassword(tokenRequest)
    .then((result) => fetchInvoices(result.accessToken))
    .catch((error) => {
      console.error('export failed', error.errorCode);
      process.exitCode = 1;
    });
}

async function fetchInvoices(accessToken) {
  const response = await fetch('https://api.partnercenter.microsoft.com/v1/invoices', {
    headers: { Authorization: `Bearer ${accessToken}` },
  });
  return response.json();
}

module.exports = { exportInvoices };
