// What the browser tests share: a pass/fail tally, free loopback ports, and waiting for a server.
import net from 'node:net';

let failures = 0;

export function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures++;
}

// Runs `main`, stops the child processes it started, prints the verdict and exits 0 or 1.
export async function run(main, children, passed, failed) {
  try {
    await main();
  } catch (error) {
    check(false, `the test ran to its end: ${error.stack || error}`);
  } finally {
    for (const child of children) child.kill('SIGTERM');
  }
  console.log(failures === 0 ? passed : `${failed}: ${failures} failure(s)`);
  process.exit(failures === 0 ? 0 : 1);
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export async function waitForOk(url, timeoutMs) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    try {
      if ((await fetch(url)).status === 200) return true;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}
