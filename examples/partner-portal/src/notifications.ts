import nodemailer from "nodemailer";

// Sends the weekly licence digest to customers from the shared "noreply" mailbox.
const transport = nodemailer.createTransport({
  host: "smtp.office365.com",
  port: 587,
  secure: false,
  auth: {
    user: "noreply@contoso.com",
    pass: process.env.NOREPLY_PASSWORD,
  },
});

export async function sendDigest(to: string, html: string): Promise<void> {
  await transport.sendMail({ from: "noreply@contoso.com", to, subject: "Your weekly licence digest", html });
}
