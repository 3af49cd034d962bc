export const config = {
  clientId: process.env.PORTAL_CLIENT_ID ?? "",
  tenantId: process.env.PORTAL_TENANT_ID ?? "contoso.onmicrosoft.com",
  serviceAccount: "svc-portal@contoso.onmicrosoft.com",
  serviceAccountPassword: process.env.PORTAL_PASSWORD ?? "",
};
