// The VS Code side of `policy lsp`: starts the language server for `.policy` files and hands it
// the editor's language. Colours still come from the TextMate grammar in syntaxes/; the server
// adds diagnostics as you type, hover, go to definition, references, completion, formatting,
// the outline, quick fixes and code lenses that run the worked examples.
//
// Settings: `policy.server.path` (the `policy` executable; default `policy`, found on PATH) and
// `policy.language` (`en`, `zh`, or empty for the editor's own display language).

'use strict';

const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

function language() {
  const chosen = vscode.workspace.getConfiguration('policy').get('language');
  if (chosen === 'en' || chosen === 'zh') return chosen;
  return vscode.env.language.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

async function start() {
  const command = vscode.workspace.getConfiguration('policy').get('server.path') || 'policy';
  // TransportKind.stdio adds `--stdio`, which `policy lsp` accepts.
  const serverOptions = { command, args: ['lsp'], transport: TransportKind.stdio };
  const clientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'policy' },
      { scheme: 'untitled', language: 'policy' },
    ],
    initializationOptions: { language: language() },
  };
  client = new LanguageClient('policy', 'Policy language server', serverOptions, clientOptions);
  try {
    await client.start();
  } catch (error) {
    vscode.window.showErrorMessage(
      `Could not start \`${command} lsp\` (set policy.server.path to the policy executable): ${error.message || error}`);
  }
}

async function stop() {
  if (!client) return;
  const running = client;
  client = undefined;
  await running.stop();
}

function activate(context) {
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration('policy.server.path') || event.affectsConfiguration('policy.language')) {
        await stop();
        await start();
      }
    }));
  return start();
}

function deactivate() {
  return stop();
}

module.exports = { activate, deactivate };
