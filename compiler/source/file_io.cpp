#include "compiler/source/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>

namespace whisk {

std::optional<std::string> ReadFile(const std::string& path, std::string* error) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    *error = std::strerror(errno);
    return std::nullopt;
  }
  struct stat info {};
  if (::fstat(fd, &info) == 0 && S_ISDIR(info.st_mode)) {
    ::close(fd);
    *error = "is a directory";
    return std::nullopt;
  }
  std::string contents;
  char buffer[65536];
  while (true) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      *error = std::strerror(errno);
      ::close(fd);
      return std::nullopt;
    }
    if (n == 0) break;
    contents.append(buffer, static_cast<size_t>(n));
  }
  ::close(fd);
  return contents;
}

AtomicFile::~AtomicFile() {
  if (stream_ != nullptr) {
    std::fclose(stream_);
    ::unlink(temp_.c_str());
  }
}

bool AtomicFile::Open(const std::string& path, std::string* error) {
  path_ = path;
  temp_ = path + ".tmp-XXXXXX";
  int fd = ::mkstemp(temp_.data());
  if (fd < 0 || ::fchmod(fd, 0644) != 0 || (stream_ = ::fdopen(fd, "w")) == nullptr) {
    *error = std::strerror(errno);
    if (fd >= 0) {
      ::close(fd);
      ::unlink(temp_.c_str());
    }
    return false;
  }
  return true;
}

bool AtomicFile::Commit(std::string* error) {
  std::FILE* stream = stream_;
  stream_ = nullptr;
  bool ok = std::fflush(stream) == 0 && ::fsync(::fileno(stream)) == 0;
  ok = (std::fclose(stream) == 0) && ok;
  if (!ok || ::rename(temp_.c_str(), path_.c_str()) != 0) {
    *error = std::strerror(errno);
    ::unlink(temp_.c_str());
    return false;
  }
  return true;
}

bool WriteFileAtomic(const std::string& path, const std::string& contents, std::string* error) {
  AtomicFile file;
  if (!file.Open(path, error)) return false;
  if (std::fwrite(contents.data(), 1, contents.size(), file.stream()) != contents.size()) {
    *error = std::strerror(errno);
    return false;  // the destructor removes the temporary file
  }
  return file.Commit(error);
}

size_t ValidUtf8Prefix(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    // Skip ASCII eight bytes at a time: most sources are nothing else.
    while (i + 8 <= text.size()) {
      uint64_t word;
      std::memcpy(&word, text.data() + i, sizeof word);
      if (word & 0x8080808080808080ULL) break;
      i += 8;
    }
    if (i >= text.size()) break;
    auto c = static_cast<unsigned char>(text[i]);
    size_t length = c < 0x80           ? 1
                    : (c >> 5) == 0x6  ? 2
                    : (c >> 4) == 0xE  ? 3
                    : (c >> 3) == 0x1E ? 4
                                       : 0;
    if (length == 0 || i + length > text.size()) return i;
    for (size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return i;
    }
    i += length;
  }
  return i;
}

FileId AddSourceFile(SourceMap& sources, std::string path, std::string text, Diagnostics& diags) {
  size_t valid = ValidUtf8Prefix(text);
  bool utf8 = valid == text.size();
  FileId file = sources.Add(std::move(path), std::move(text));
  if (!utf8) {
    auto at = static_cast<uint32_t>(valid);
    diags.Report(DiagCode::InvalidUtf8, Span{file, at, at + 1}, "file is not valid UTF-8 here");
  }
  return file;
}

}  // namespace whisk
