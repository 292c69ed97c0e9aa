#pragma once
// The base protocol of LSP: messages framed by `Content-Length` headers, read from and
// written to file descriptors (standard input and output).

#include <string>

namespace whisk::lsp {

class MessageReader {
 public:
  enum class Status { Message, Malformed, End };

  explicit MessageReader(int fd) : fd_(fd) {}

  /// The next message's body. Malformed: the headers had no usable Content-Length (the
  /// message is skipped); End: the input ended or cannot be read any further.
  Status Next(std::string* body);

 private:
  /// One header line without its line break; false at the end of the input.
  bool ReadLine(std::string* line);
  bool Fill();

  int fd_;
  std::string buffer_;
  size_t at_ = 0;
};

/// Writes one message; false when the output is gone (the client disappeared).
bool WriteMessage(int fd, const std::string& body);

}  // namespace whisk::lsp
