import { strict as assert } from 'node:assert';
import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { ScanSummary } from '../../../src/extension/scan-workspace-command';
import { activateExtension, mfaReadyDiagnostics, waitFor, workspaceFile } from './wait';

describe('mfa-ready in a real VS Code', () => {
  before(activateExtension);

  it('shows a diagnostic with a rule code and help link when a TypeScript sample is opened', async () => {
    const uri = workspaceFile('partner-portal/src/graph-client.ts');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const [diagnostic] = await waitFor('a diagnostic on graph-client.ts', () => mfaReadyDiagnostics(uri).length > 0 && mfaReadyDiagnostics(uri));
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(diagnostic.range.start.line, 14);
    assert.match(diagnostic.message, /acquireTokenByUsernamePassword/);
    const code = diagnostic.code as { value: string; target: vscode.Uri };
    assert.equal(code.value, 'ts-msal-ropc');
    assert.match(code.target.toString(), /docs\/rules\/ts-msal-ropc\.md$/);
  });

  it('shows a diagnostic on a PowerShell sample, including a splatted credential', async () => {
    const uri = workspaceFile('scripts/Reset-CustomerPassword.ps1');
    const document = await vscode.workspace.openTextDocument(uri);
    assert.equal(document.languageId, 'powershell');
    const diagnostics = await waitFor('a diagnostic on Reset-CustomerPassword.ps1', () => mfaReadyDiagnostics(uri).length > 0 && mfaReadyDiagnostics(uri));
    assert.deepEqual(diagnostics.map((d) => [d.range.start.line, (d.code as { value: string }).value]), [[6, 'ps-plaintext-password'], [14, 'ps-connect-user-credential']]);
    assert.equal(diagnostics[1].relatedInformation?.[0].location.range.start.line, 12, 'related information points at the key added with $connectParams.Credential');
    assert.ok(!diagnostics[0].message.includes('Sp1ng2020!'), 'the plaintext password is not quoted');
  });

  it('updates diagnostics as the user types', async () => {
    const uri = workspaceFile('partner-portal/src/config.ts');
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
    const added = `\nimport { PublicClientApplication } from "@azure/msal-node";\nexport const t = new PublicClientApplication({ auth: { clientId: "a" } }).acquireTokenByUsernamePassword({ scopes: [], username: "u", password: process.env.PW ?? "" });\n`;
    await editor.edit((edit) => edit.insert(end, added));
    await waitFor('a diagnostic on the typed line', () => mfaReadyDiagnostics(uri).length === 1);
    await vscode.commands.executeCommand('undo');
    await waitFor('the diagnostic to go away after undo', () => mfaReadyDiagnostics(uri).length === 0);
  });

  it('the quick fix rewrites the file, on disk after saving, and the finding goes away', async () => {
    const uri = workspaceFile('partner-portal/src/billing-export.js');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const diagnostic = await waitFor('the ROPC diagnostic on billing-export.js', () =>
      mfaReadyDiagnostics(uri).find((d) => (d.code as { value: string }).value === 'ts-msal-ropc'),
    );
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((action) => action.title.startsWith('Use the Secure Application Model'));
    assert.ok(fix?.edit, `no Secure Application Model quick fix among: ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(fix.isPreferred, true);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.ok(await document.save());
    const onDisk = readFileSync(uri.fsPath, 'utf8');
    assert.match(onDisk, /\.then\(\(result\) => fetchInvoices\(result\.accessToken\)\)/);
    assert.match(onDisk, /acquireTokenBySecureAppModel\(tokenRequest\.scopes\)/);
    assert.match(onDisk, /const \{ ConfidentialClientApplication \} = require\('@azure\/msal-node'\);|msal\.ConfidentialClientApplication/);
    assert.ok(!onDisk.includes('.acquireTokenByUsernamePassword('));
    await waitFor('the diagnostic to go away', () => mfaReadyDiagnostics(uri).length === 0);
  });

  it("a quick fix names a script's secret apart from one another file of the workspace reads already", async () => {
    const reader = workspaceFile('scripts/Restart-Sql01.ps1');
    const uri = workspaceFile('scripts/Restart-Sql02.ps1');
    const signIn = (server: string) => `$cred = [pscredential]::new('svc@contoso.com', $svcPassword)\nInvoke-Command -ComputerName ${server} -Credential $cred -ScriptBlock { Restart-Service MSSQLSERVER }\n`;
    writeFileSync(reader.fsPath, `$svcPassword = ConvertTo-SecureString $env:MFA_READY_SVC_PASSWORD -AsPlainText -Force\n${signIn('sql01')}`);
    writeFileSync(uri.fsPath, `$svcPassword = ConvertTo-SecureString 'Winter2025!x' -AsPlainText -Force\n${signIn('sql02')}`);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const newTexts = async () => {
      const diagnostic = mfaReadyDiagnostics(uri).find((d) => (d.code as { value: string }).value === 'ps-plaintext-password');
      if (!diagnostic) return undefined;
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
      return actions.flatMap((action) => action.edit?.entries().flatMap(([, edits]) => edits.map((edit) => edit.newText)) ?? []).join('\n');
    };
    // The workspace's names are read once a fix is offered; the fix is made again when they are.
    let last: string | undefined;
    const fixed = await waitFor('a quick fix reading MFA_READY_SVC_PASSWORD_2', async () => {
      last = await newTexts();
      return last?.includes('$env:MFA_READY_SVC_PASSWORD_2') && last;
      // The file watcher's report of the new file may take a while on a loaded machine.
    }, 45_000).catch((error: Error) => assert.fail(`${error.message}; the quick fixes wrote: ${last ?? '(no diagnostic)'}`));
    assert.ok(!/\$env:MFA_READY_SVC_PASSWORD\b(?!_)/.test(fixed), `the fix reads the other script's secret: ${fixed}`);
  });

  it('Scan Workspace fills the Problems panel for files that were never opened', async () => {
    const unopened = workspaceFile('scripts/Sync-CustomerLicenses.ps1');
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === unopened.toString()));
    assert.equal(mfaReadyDiagnostics(unopened).length, 0);
    // Files written in the last seconds are never taken from the cache (their times might not show a second change).
    const past = new Date(Date.now() - 60_000);
    utimesSync(unopened.fsPath, past, past);
    const summary = await vscode.commands.executeCommand<ScanSummary>('mfaReady.scanWorkspace');
    assert.equal(summary.cancelled, false);
    assert.ok(summary.files >= 3, `scan reported ${summary.files} files with findings`);
    const lines = () => mfaReadyDiagnostics(unopened).map((d) => [d.range.start.line, (d.code as { value: string }).value]);
    assert.deepEqual(lines(), [[15, 'ps-connect-user-credential'], [29, 'ps-mail-basic-auth']]);
    assert.equal(mfaReadyDiagnostics(workspaceFile('partner-portal/src/app-token.ts')).length, 0, 'app-only code is MFA-ready');
    // Again: the unchanged files come from the workspace's cache, with the same diagnostics.
    const again = await vscode.commands.executeCommand<ScanSummary>('mfaReady.scanWorkspace');
    assert.ok(again.fromCache >= 1, `${again.fromCache} files from the cache`);
    assert.deepEqual([again.findings, again.files], [summary.findings, summary.files]);
    assert.deepEqual(lines(), [[15, 'ps-connect-user-credential'], [29, 'ps-mail-basic-auth']]);
    // Leaves the window as a user would look at it, for the runner's closing screenshot.
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceFile('scripts/Reset-CustomerPassword.ps1')));
    await vscode.commands.executeCommand('workbench.actions.view.problems');
  });
});
