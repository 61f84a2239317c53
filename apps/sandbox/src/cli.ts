import { SANDBOX_DEFAULT_PORTS, startAllSandboxes } from './start-all';

/** `npm run sandbox`: every sandbox on its fixed port until Ctrl+C. Ports: SANDBOX_VISMA_PORT, SANDBOX_BIGCOMMERCE_PORT. */
async function main(): Promise<void> {
  const sandboxes = await startAllSandboxes({
    ports: {
      visma: Number(process.env['SANDBOX_VISMA_PORT'] ?? SANDBOX_DEFAULT_PORTS.visma),
      bigcommerce: Number(process.env['SANDBOX_BIGCOMMERCE_PORT'] ?? SANDBOX_DEFAULT_PORTS.bigcommerce),
    },
  });
  process.stdout.write(`${sandboxes.describe().join('\n')}\nPress Ctrl+C to stop.\n`);
  const stop = (): void => {
    void sandboxes.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
