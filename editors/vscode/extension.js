// Starts `python main.py lsp` for YAML files inside a story folder and connects VS Code to it.
const fs = require("fs");
const path = require("path");
const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function findPython(folder) {
  const configured = vscode.workspace.getConfiguration("curtainLight").get("python");
  if (configured) return configured;
  const venv = process.platform === "win32" ? path.join(folder, ".venv", "Scripts", "python.exe") : path.join(folder, ".venv", "bin", "python");
  return fs.existsSync(venv) ? venv : (process.platform === "win32" ? "py" : "python3");
}

function activate(context) {
  const folder = vscode.workspace.workspaceFolders ? vscode.workspace.workspaceFolders[0].uri.fsPath : process.cwd();
  const mainPy = vscode.workspace.getConfiguration("curtainLight").get("mainPy") || path.join(folder, "main.py");
  const serverOptions = { command: findPython(folder), args: [mainPy, "lsp"], transport: TransportKind.stdio };
  const clientOptions = {
    // Only YAML files; the server answers for those inside a folder with a story.yaml.
    documentSelector: [{ scheme: "file", language: "yaml" }],
  };
  client = new LanguageClient("curtainLight", "Curtain Light story", serverOptions, clientOptions);
  client.start();
  context.subscriptions.push({ dispose: () => client && client.stop() });
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
