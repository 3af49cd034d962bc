import { UsernamePasswordCredential } from "@azure/identity";
import { ResourceManagementClient } from "@azure/arm-resources";

// Deploys customer landing zones with the "svc-deploy" account (Azure management calls need MFA since 2025-10-01).
const credential = new UsernamePasswordCredential(
  process.env.DEPLOY_TENANT_ID ?? "",
  process.env.DEPLOY_CLIENT_ID ?? "",
  "svc-deploy@contoso.onmicrosoft.com",
  process.env.DEPLOY_PASSWORD ?? "",
);

export function resourceClient(subscriptionId: string): ResourceManagementClient {
  return new ResourceManagementClient(credential, subscriptionId);
}
