// Starting the real chat server binary for tests, and a raw protocol client that plays the agent.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { waitFor } from './helpers.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SERVER_BINARY = process.env.AGENTDESK_SERVER ?? path.join(ROOT, 'build-server/src/server/agentdesk-server');
export const serverMissing = existsSync(SERVER_BINARY) ? false : `server binary not found at ${SERVER_BINARY} (build it, or set AGENTDESK_SERVER)`;
export const WAIT_MS = 10000;

/** Starts `serve --port 0 --data <tmp> --demo` and reads the address from its first stdout line. */
/** `args`: extra `serve` flags (e.g. ['--set', 'customerIdentitySecret=…']). */
export async function startRealServer({ args = [] } = {}) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'agentdesk-js-'));
  const proc = spawn(SERVER_BINARY, ['serve', '--port', '0', '--data', dataDir, '--demo', '--customer-dir', path.join(ROOT, 'web/customer'), ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr = (stderr + d).slice(-4000); });
  const stop = async () => {
    if (proc.exitCode === null) {
      proc.kill('SIGTERM');
      await Promise.race([new Promise((r) => proc.once('exit', r)), new Promise((r) => setTimeout(r, 5000))]);
      if (proc.exitCode === null) proc.kill('SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const firstLine = await new Promise((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`server did not print its address in ${WAIT_MS} ms; stderr: ${stderr}`)), WAIT_MS);
      proc.stdout.on('data', (d) => {
        out += d;
        const nl = out.indexOf('\n');
        if (nl >= 0) { clearTimeout(timer); resolve(out.slice(0, nl)); }
      });
      proc.once('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited with ${code}; stderr: ${stderr}`)); });
    });
    const m = firstLine.match(/^listening on http:\/\/127\.0\.0\.1:(\d+)/);
    if (!m) throw new Error(`unexpected first line: ${firstLine}`);
    return { httpUrl: `http://127.0.0.1:${m[1]}`, wsUrl: `ws://127.0.0.1:${m[1]}/ws`, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** A raw protocol client playing the agent: collects every frame, answers by rid. */
export class AgentProbe {
  frames = [];
  #rid = 0;
  constructor(wsUrl) {
    this.wsUrl = wsUrl;
  }
  async connect() {
    this.ws = new WebSocket(this.wsUrl);
    this.ws.on('message', (data) => this.frames.push(JSON.parse(data.toString())));
    await new Promise((resolve, reject) => { this.ws.once('open', resolve); this.ws.once('error', reject); });
    return this;
  }
  async request(frame) {
    const rid = `r${++this.#rid}`;
    this.ws.send(JSON.stringify({ ...frame, rid }));
    await waitFor(() => this.frames.some((f) => f.rid === rid), `answer to ${frame.type}`, WAIT_MS);
    return this.frames.find((f) => f.rid === rid);
  }
  send(frame) {
    this.ws.send(JSON.stringify(frame));
  }
  async next(predicate, what) {
    await waitFor(() => this.frames.some(predicate), what, WAIT_MS);
    return this.frames.find(predicate);
  }
  events(chatId) {
    return this.frames.filter((f) => f.type === 'event' && f.chatId === chatId).map((f) => f.event);
  }
  /** Logs in as a demo agent and sets ready. */
  async loginReady(username = 'anna', password = 'demo-anna') {
    const welcome = await this.request({ type: 'agent.login', protocol: 1, username, password });
    if (welcome.type !== 'agent.welcome') throw new Error(`login failed: ${JSON.stringify(welcome)}`);
    const ready = await this.request({ type: 'agent.presence', state: 'ready' });
    if (ready.state !== 'ready') throw new Error(`presence failed: ${JSON.stringify(ready)}`);
    this.token = welcome.token;
    return welcome;
  }
  close() {
    this.ws?.terminate();
  }
}
