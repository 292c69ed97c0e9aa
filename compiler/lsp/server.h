#pragma once
// `whiskc lsp`: a Language Server Protocol server over standard input and output.

namespace whisk::lsp {

/// Serves one client on the file descriptors until it says `exit` or goes away. Returns the
/// process's exit status: 0 after `shutdown` and `exit`, 1 otherwise (as the protocol asks).
int Serve(int in_fd, int out_fd);

}  // namespace whisk::lsp
