import { PublicClientApplication, type AuthenticationResult } from "@azure/msal-node";
import { config } from "./config";

// The portal reads customer subscriptions with the "svc-portal" service account.
const pca = new PublicClientApplication({
  auth: {
    clientId: config.clientId,
    authority: `https://login.microsoftonline.com/${config.tenantId}`,
  },
});

const GRAPH_SCOPES = ["https://graph.microsoft.com/Directory.Read.All"];

export async function getGraphToken(): Promise<string> {
  const result: AuthenticationResult | null = await pca.acquireTokenByUsernamePassword({
    scopes: GRAPH_SCOPES,
    username: config.serviceAccount,
    password: config.serviceAccountPassword,
  });
  if (!result) throw new Error("no token");
  return result.accessToken;
}

export async function listSubscribedSkus(): Promise<unknown[]> {
  const response = await fetch("https://graph.microsoft.com/v1.0/subscribedSkus", {
    headers: { Authorization: `Bearer ${await getGraphToken()}` },
  });
  const body = (await response.json()) as { value: unknown[] };
  return body.value;
}
