'use strict';
// Writes each customer's daily Azure usage into the reporting warehouse (Azure SQL), as the
// portal's service account.
const sql = require('mssql');

const warehouse = new sql.ConnectionPool({
  server: 'contoso-reporting.database.windows.net',
  database: 'usage',
  authentication: {
    type: 'azure-active-directory-password',
    options: {
      userName: process.env.WAREHOUSE_USER,
      password: process.env.WAREHOUSE_PASSWORD,
      clientId: process.env.WAREHOUSE_APP_ID,
      tenantId: 'contoso.onmicrosoft.com',
    },
  },
  options: { encrypt: true },
});

async function saveUsage(customerId, rows) {
  const pool = await warehouse.connect();
  const table = new sql.Table('dbo.DailyUsage');
  table.columns.add('CustomerId', sql.NVarChar(64));
  table.columns.add('Meter', sql.NVarChar(128));
  table.columns.add('Quantity', sql.Float);
  for (const row of rows) table.rows.add(customerId, row.meter, row.quantity);
  await pool.request().bulk(table);
}

module.exports = { saveUsage };
