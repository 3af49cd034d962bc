'use strict';
// Lists the signed contracts a customer can download from the partner's SharePoint site.
const spauth = require('node-sp-auth');
const axios = require('axios');

const CONTRACTS_SITE = 'https://contoso.sharepoint.com/sites/contracts';

async function contractsFor(customerId) {
  const { headers } = await spauth.getAuth(CONTRACTS_SITE, {
    username: process.env.PORTAL_SERVICE_USER,
    password: process.env.PORTAL_SERVICE_PASSWORD,
  });
  const filter = encodeURIComponent(`CustomerId eq '${customerId}'`);
  const response = await axios.get(`${CONTRACTS_SITE}/_api/web/lists/getbytitle('Contracts')/items?$filter=${filter}`, {
    headers: { ...headers, Accept: 'application/json;odata=nometadata' },
  });
  return response.data.value;
}

module.exports = { contractsFor };
