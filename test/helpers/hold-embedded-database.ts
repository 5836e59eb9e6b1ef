// Starts (or joins) an embedded database and holds it until killed: the
// stand-in for an `npm start` that is killed with -9.
// Usage: tsx test/helpers/hold-embedded-database.ts <dataDir> <port>
import { ensureEmbeddedDatabase } from "../../lib/db/embedded";

const [dataDir, port] = process.argv.slice(2);
await ensureEmbeddedDatabase({ dataDir, port: Number(port) });
console.log("ready");
setInterval(() => {}, 60_000);
