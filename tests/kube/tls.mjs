// A fresh test CA, a server certificate for 127.0.0.1/localhost and a client
// certificate, made with the openssl CLI. kubectl sends bearer tokens only
// over TLS and checks the server's name against subjectAltName, hence both.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const EC_KEY = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];

function openssl(dir, args) {
  try {
    execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
  } catch (error) {
    throw new Error(`openssl ${args[0]} failed: ${error.stderr?.toString().trim() ?? error.message}`);
  }
}

/** Signs a new key's certificate with the CA of DIR; NAME.key and NAME.crt are left in DIR. */
function issue(dir, name, subject, extensions) {
  openssl(dir, ["req", ...EC_KEY, "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", subject]);
  fs.writeFileSync(path.join(dir, `${name}.ext`), extensions.join("\n"));
  openssl(dir, ["x509", "-req", "-in", `${name}.csr`, "-CA", "ca.crt", "-CAkey", "ca.key",
    "-set_serial", `0x${randomBytes(8).toString("hex")}`, "-days", "2", "-extfile", `${name}.ext`, "-out", `${name}.crt`]);
  fs.rmSync(path.join(dir, `${name}.csr`));
  fs.rmSync(path.join(dir, `${name}.ext`));
}

/**
 * Writes ca.crt, server.{crt,key} and client.{crt,key} (user CLIENTUSER in
 * group system:masters) into DIR; returns their paths.
 */
export function makeCertificates(dir, clientUser) {
  openssl(dir, ["req", "-x509", ...EC_KEY, "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=whisk-test-ca",
    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"]);
  issue(dir, "server", "/CN=127.0.0.1", [
    "subjectAltName=IP:127.0.0.1,DNS:localhost", "extendedKeyUsage=serverAuth", "keyUsage=critical,digitalSignature",
  ]);
  issue(dir, "client", `/O=system:masters/CN=${clientUser}`, ["extendedKeyUsage=clientAuth", "keyUsage=critical,digitalSignature"]);
  const file = (name) => path.join(dir, name);
  return {
    ca: file("ca.crt"), serverCert: file("server.crt"), serverKey: file("server.key"),
    clientCert: file("client.crt"), clientKey: file("client.key"),
  };
}
