/**
 * Turns the JVM part of the configuration into a running gateway: finds Java
 * and the Py4J jar and starts the embedded JVM, or attaches to a running
 * gateway. Setup problems surface as SetupError / RelayError with messages
 * that say what to do.
 */
import type { JvmConfig } from '../cli/cli-options.ts';
import { attachGateway, startEmbeddedGateway, type EmbeddedGateway } from './embedded-gateway.ts';
import type { GatewayProvider } from './gateway-target.ts';
import { findJava } from './java-runtime.ts';
import { findPy4jJar } from './py4j-jar.ts';

export interface GatewaySetup {
  provider: GatewayProvider;
  /** The embedded JVM, when there is one (null in attach mode). */
  embedded: EmbeddedGateway | null;
  stop(): Promise<void>;
}

export async function setupGateway(jvm: JvmConfig, log: (line: string) => void): Promise<GatewaySetup> {
  if (jvm.gateway) {
    const provider = await attachGateway(jvm.gateway);
    return { provider, embedded: null, stop: async () => undefined };
  }
  const java = await findJava(jvm.javaHome);
  const py4jJar = await findPy4jJar({
    ...(jvm.py4jJar !== undefined ? { explicitPath: jvm.py4jJar } : {}),
    cacheDir: jvm.cacheDir,
    log,
  });
  const embedded = await startEmbeddedGateway({
    javaPath: java.javaPath,
    py4jJar,
    ...(jvm.classpath !== undefined ? { classpath: jvm.classpath } : {}),
    log: (line) => log(`[jvm] ${line}`),
  });
  return { provider: embedded, embedded, stop: () => embedded.stop() };
}
