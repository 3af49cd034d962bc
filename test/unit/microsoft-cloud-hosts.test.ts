import { strict as assert } from 'node:assert';
import { isMicrosoftCloudHost } from '../../src/languages/shared/microsoft-endpoints';

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
    ];
    assert.deepEqual(cloud.filter((host) => !isMicrosoftCloudHost(host)), []);
  });

  it('takes no on-premises or other server for one', () => {
    const others = ['exch01.contoso.local', 'exchangehost', 'lyncfe01.contoso.com', 'sql01', 'crm01.contoso.local', 'mail.contoso.com', '10.0.0.5', 'localhost', 'sharepoint.contoso.com'];
    assert.deepEqual(others.filter(isMicrosoftCloudHost), []);
  });
});
