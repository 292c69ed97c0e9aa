#pragma once
// Where emitters put bytes: a string in memory, or a stream written in large
// pieces so that tens of megabytes of manifests never sit in memory twice.

#include <cstdio>
#include <string>
#include <string_view>

namespace whisk::emit {

class Sink {
 public:
  virtual ~Sink() = default;
  /// Takes the bytes of `buffer` and leaves it empty; false on a write error.
  virtual bool Flush(std::string& buffer) = 0;
  /// Emitters flush when their buffer grows past this.
  static constexpr size_t kChunk = 1 << 20;
};

class StringSink : public Sink {
 public:
  bool Flush(std::string& buffer) override {
    if (text.empty()) {
      text.swap(buffer);
    } else {
      text += buffer;
    }
    buffer.clear();
    return true;
  }
  std::string text;
};

class StreamSink : public Sink {
 public:
  explicit StreamSink(std::FILE* stream) : stream_(stream) {}
  bool Flush(std::string& buffer) override {
    bool ok = std::fwrite(buffer.data(), 1, buffer.size(), stream_) == buffer.size();
    buffer.clear();
    return ok;
  }

 private:
  std::FILE* stream_;
};

}  // namespace whisk::emit
