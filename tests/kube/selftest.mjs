// The server's self-tests, all in one process (ctest's kube.server_selftest):
//   node tests/kube/selftest.mjs
// Each file under test/ starts its own server on loopback in a temporary
// directory and closes it at the end.
import "./test/structured_merge.test.mjs";
import "./test/apply.test.mjs";
import "./test/verbs.test.mjs";
import "./test/control.test.mjs";
import "./test/controllers.test.mjs";
