import { ExchangeService, ExchangeVersion, ItemView, Uri, WebCredentials, WellKnownFolderName } from "ews-javascript-api";
import { config } from "./config";

/** Lists the newest items of the service account's archive folder for the portal's "recent mail" tile. */
export async function recentArchiveItems(count = 10) {
  const service = new ExchangeService(ExchangeVersion.Exchange2013);
  service.Credentials = new WebCredentials(config.serviceAccount, config.serviceAccountPassword);
  service.Url = new Uri("https://outlook.office365.com/EWS/Exchange.asmx");
  const items = await service.FindItems(WellKnownFolderName.ArchiveMsgFolderRoot, new ItemView(count));
  return items.Items.map((item) => ({ subject: item.Subject, received: item.DateTimeReceived.ToISOString() }));
}
