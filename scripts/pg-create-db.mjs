// node scripts/pg-create-db.mjs <server-url> <name> – (re)creates a database and prints its URL.
import pg from "pg";

const [url, name] = process.argv.slice(2);
if (!url || !/^[a-z_][a-z0-9_]*$/.test(name ?? "")) {
  console.error("usage: node scripts/pg-create-db.mjs postgresql://…/postgres <name>");
  process.exit(2);
}
const client = new pg.Client({ connectionString: url });
await client.connect();
await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
await client.query(`CREATE DATABASE ${name}`);
await client.end();
const u = new URL(url);
u.pathname = `/${name}`;
console.log(u.toString());
