/**
 * The service names nodemailer knows (its `well-known/services.json`, 6.x to 10.x: names, aliases and
 * domains, normalised as nodemailer does), by which `createTransport({ service })` overrides `host`.
 * The Microsoft ones map to their hosts; any other known name sends the mail elsewhere.
 */
const MICROSOFT_SERVICE_HOSTS: Readonly<Record<string, string>> = {
  outlook365: 'smtp.office365.com',
  hotmail: 'smtp-mail.outlook.com',
  outlook: 'smtp-mail.outlook.com',
  'outlook.com': 'smtp-mail.outlook.com',
  'hotmail.com': 'smtp-mail.outlook.com',
};

const OTHER_SERVICES = new Set(
  (
    '126 163 1und1 aliyun aliyun.com aliyunqiye aol aol.com aruba arubapec aruba.it pec.aruba.it bluewin bluewin.ch bol ' +
    'bol.com.br debugmail disroot disroot.org dynectemail dynect elasticemail ethereal ethereal.email fastmail fastmail.com ' +
    'fastmail.fm feishumail feishu www.feishu.cn forwardemail fe forwardemail.net gandimail gandi gmail googlemail gmail.com ' +
    'googlemail.com gmailworkspace googleworkspacemail gmx gmx.com gmx.net gmx.de godaddy godaddyasia godaddyeurope groundmail ' +
    'hot.ee icloud me mac icloud.com me.com mac.com infomaniak ik.me ikmail.com etik.com kolabnow kolab kolabnow.com loopia ' +
    'loops mail.ee mail.ru mailcatch.app maildev mailersend mailgun mailjet mailosaur mailsenpai mailtrap mandrill naver ' +
    'ohmysmtp one openmailbox omb openmailbox.org oveyon postmark postmarkapp proton protonmail proton.me protonmail.com ' +
    'protonmail.ch pm.me qiye.aliyun qq qq.com qqex qqenterprise exmail.qq.com resend runbox runbox.com sendcloud sendgrid ' +
    'sendinblue brevo sendora sendpulse ses seznam seznamemail seznam.cz email.cz post.cz spoluzaci.cz smtp2go spacepost ' +
    'sparkpost sparkpostmail sparkpost.com tipimail turbosmtp turbosmtp-eu tutanota tutanota.com tuta.com tutanota.de tuta.io ' +
    'yahoo yahoo.com yandex yandex.ru zimbra zimbracollaboration zoho zoho.com'
  ).split(' '),
);

export type NodemailerService = { host: string } | 'elsewhere' | undefined;

/** Where a `service` name sends the mail: a Microsoft host, elsewhere (a service nodemailer knows), or undefined (unknown: `host` counts). */
export function nodemailerService(name: string): NodemailerService {
  const key = name.split('@').pop()!.replace(/[^a-zA-Z0-9.-]/g, '').toLowerCase();
  const host = MICROSOFT_SERVICE_HOSTS[key];
  if (host) return { host };
  return OTHER_SERVICES.has(key) || /^ses-[a-z]+-[a-z]+-\d$/.test(key) ? 'elsewhere' : undefined;
}
