// Older helper still used by the invoicing cron job: asks for a Partner Center token directly.
const axios = require("axios");

const TOKEN_URL = `https://login.microsoftonline.com/${process.env.PARTNER_TENANT}/oauth2/token`;

async function partnerCenterToken() {
  const body = new URLSearchParams({
    grant_type: "password",
    resource: "https://api.partnercenter.microsoft.com",
    client_id: process.env.PARTNER_APP_ID,
    username: process.env.PARTNER_USER,
    password: process.env.PARTNER_PASSWORD,
  });
  const response = await axios.post(TOKEN_URL, body);
  return response.data.access_token;
}

module.exports = { partnerCenterToken };
