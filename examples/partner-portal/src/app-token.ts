import { ConfidentialClientApplication } from "@azure/msal-node";

// App-only access for the provisioning worker: no user, no password, nothing for MFA to block.
const cca = new ConfidentialClientApplication({
  auth: {
    clientId: process.env.WORKER_APP_ID ?? "",
    clientCertificate: {
      thumbprintSha256: process.env.WORKER_CERT_THUMBPRINT ?? "",
      privateKey: process.env.WORKER_CERT_KEY ?? "",
    },
    authority: `https://login.microsoftonline.com/${process.env.WORKER_TENANT_ID}`,
  },
});

export async function appOnlyGraphToken(): Promise<string | undefined> {
  const result = await cca.acquireTokenByClientCredential({ scopes: ["https://graph.microsoft.com/.default"] });
  return result?.accessToken;
}
