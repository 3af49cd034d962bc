import { strict as assert } from 'node:assert';
import { isCloudAccountName } from '../../src/languages/powershell/on-premises-accounts';
import { acceptsMailPassword, isMicrosoftCloudHost } from '../../src/languages/shared/microsoft-endpoints';

describe("Microsoft's cloud hosts", () => {
  it("knows the sign-in, Exchange Online, SharePoint Online, Dynamics 365, Skype for Business Online and Azure hosts of every cloud", () => {
    const cloud = [
      'login.microsoftonline.com',
      'login.microsoftonline.us',
      'outlook.office365.com',
      'ps.outlook.com',
      'outlook.office365.us',
      'webmail.apps.mil',
      'partner.outlook.cn',
      'ps.compliance.protection.outlook.com',
      'eur02b.ps.compliance.protection.outlook.com',
      'contoso.sharepoint.com',
      'contoso.sharepoint.us',
      'contoso.sharepoint.cn',
      'contoso.crm4.dynamics.com',
      'contoso.crm.microsoftdynamics.us',
      'contoso.crm.appsplatform.us',
      'contoso.crm.dynamics.cn',
      'graph.microsoft.com',
      'graph.microsoft.us',
      'microsoftgraph.chinacloudapi.cn',
      'admin1a.online.lync.com',
      'management.azure.com',
      'contoso-api.azurewebsites.net',
      'OUTLOOK.OFFICE365.COM.',
      'admin0f.online.gov.skypeforbusiness.us',
      'contoso.azure-automation.net',
      'proud-sea-123.azurestaticapps.net',
      'app.azurecontainerapps.io',
      'aks.hcp.westeurope.azmk8s.io',
      'adb-123.azuredatabricks.net',
      'api.securitycenter.windows.com',
      'api.powerplatform.com',
      'contoso.powerappsportals.com',
      'contoso.microsoftcrmportals.com',
      'app-contoso.msappproxy.net',
      'www.yammer.com',
    ];
    assert.deepEqual(cloud.filter((host) => !isMicrosoftCloudHost(host)), []);
  });

  it('takes no on-premises or other server for one', () => {
    const others = ['exch01.contoso.local', 'exchangehost', 'lyncfe01.contoso.com', 'sql01', 'crm01.contoso.local', 'mail.contoso.com', '10.0.0.5', 'localhost', 'sharepoint.contoso.com'];
    assert.deepEqual(others.filter(isMicrosoftCloudHost), []);
  });

  it("takes every cloud's Exchange Online mail hosts for a password's, not their direct-send (MX) or Security & Compliance hosts", () => {
    const mail = ['smtp.office365.com', 'outlook-emeawest.office365.com', 'smtp.office365.us', 'outlook.office365.us', 'partner.outlook.cn', 'smtp.partner.outlook.cn', 'SMTP.PARTNER.OUTLOOK.CN.'];
    const others = ['contoso-com.mail.protection.outlook.com', 'contoso-com.mail.protection.office365.us', 'contoso-cn.mail.protection.partner.outlook.cn', 'ps.compliance.protection.office365.us', 'ps.compliance.protection.partner.outlook.cn', 'smtp.contoso.cn'];
    assert.deepEqual([mail.filter((host) => !acceptsMailPassword(host)), others.filter(acceptsMailPassword)], [[], []]);
  });

  it("takes a tenant's initial domain for a cloud account, as Windows' AzureAD\\ names: its password is no on-premises server's", () => {
    const cloud = ['admin@contoso.onmicrosoft.com', 'ops@fabrikam.onmicrosoft.us', 'svc@contoso.partner.onmschina.cn', 'AzureAD\\alice@contoso.com'];
    const others = ['CONTOSO\\svc', 'admin@contoso.com', 'sa', 'onmicrosoft.com'];
    assert.deepEqual([cloud.filter((name) => !isCloudAccountName(name)), others.filter(isCloudAccountName)], [[], []]);
  });
});
