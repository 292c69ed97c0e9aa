#include "compiler/lsp/framing.h"

#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <optional>
#include <string_view>

namespace whisk::lsp {
namespace {

/// Bodies larger than this are refused: the input cannot be trusted to resynchronise.
constexpr size_t kMaxBody = 256u << 20;
constexpr size_t kMaxHeaderLine = 8192;

bool IEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

}  // namespace

bool MessageReader::Fill() {
  if (at_ > 0) {
    buffer_.erase(0, at_);
    at_ = 0;
  }
  char chunk[65536];
  for (;;) {
    ssize_t n = ::read(fd_, chunk, sizeof chunk);
    if (n > 0) {
      buffer_.append(chunk, static_cast<size_t>(n));
      return true;
    }
    if (n < 0 && errno == EINTR) continue;
    return false;
  }
}

bool MessageReader::ReadLine(std::string* line) {
  for (;;) {
    size_t newline = buffer_.find('\n', at_);
    if (newline != std::string::npos) {
      line->assign(buffer_, at_, newline - at_);
      at_ = newline + 1;
      if (!line->empty() && line->back() == '\r') line->pop_back();
      return true;
    }
    if (buffer_.size() - at_ > kMaxHeaderLine) {
      // A header line this long is garbage: drop it and keep looking.
      at_ = buffer_.size();
    }
    if (!Fill()) return false;
  }
}

MessageReader::Status MessageReader::Next(std::string* body) {
  std::optional<size_t> length;
  bool any_header = false;
  std::string line;
  for (;;) {
    if (!ReadLine(&line)) return Status::End;
    if (line.empty()) {
      if (!any_header) continue;  // stray blank lines between messages
      break;
    }
    any_header = true;
    std::string_view view = line;
    size_t colon = view.find(':');
    if (colon == std::string_view::npos) continue;  // not a header: ignored
    if (!IEquals(Trim(view.substr(0, colon)), "Content-Length")) continue;
    std::string_view value = Trim(view.substr(colon + 1));
    size_t n = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    length = ec == std::errc() && end == value.data() + value.size()
                 ? std::optional<size_t>(n)
                 : std::nullopt;
  }
  if (!length) return Status::Malformed;
  if (*length > kMaxBody) return Status::End;
  while (buffer_.size() - at_ < *length) {
    if (!Fill()) return Status::End;
  }
  body->assign(buffer_, at_, *length);
  at_ += *length;
  return Status::Message;
}

bool WriteMessage(int fd, const std::string& body) {
  std::string out = "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  size_t done = 0;
  while (done < out.size()) {
    ssize_t n = ::write(fd, out.data() + done, out.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace whisk::lsp
