#pragma once
// One HTTP(S) exchange with the API server, over libcurl, set up from a Connection the way
// kubectl sets up its transport: the cluster's CA (or the system's), client certificates,
// bearer tokens, no proxy unless the kubeconfig names one. The only user of curl.

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "compiler/kube/kubeconfig.h"

namespace whisk::kube {

struct Request {
  std::string method = "GET";
  std::string path;  // absolute path with query, e.g. /api/v1/namespaces/x?dryRun=All
  std::string content_type;
  std::string accept = "application/json";
  std::string body;
};

struct Response {
  /// The HTTP status, or 0 when no answer came (`error` says why).
  long status = 0;
  std::string body;
  std::string content_type;
  /// Retry-After in seconds, -1 when absent.
  long retry_after = -1;
  /// Why there was no answer: "connection refused", "TLS: certificate verify failed", a
  /// timeout ... empty when an answer came.
  std::string error;
  /// The failure was the server's certificate failing verification.
  bool tls_error = false;
  bool timed_out = false;
};

/// Sends requests to one API server with one identity. Not thread-safe; reuses its connection.
class Transport {
 public:
  /// `user_agent` is sent as User-Agent; `timeout` bounds each request as a whole.
  Transport(Connection connection, std::string user_agent, std::chrono::milliseconds timeout);
  ~Transport();
  Transport(const Transport&) = delete;
  Transport& operator=(const Transport&) = delete;

  /// Sends one request; never throws. Streams nothing: the whole body is returned.
  Response Send(const Request& request);

  /// Replaces the credentials (after an exec plugin ran, or a token file rotated); an empty
  /// certificate keeps the current one.
  void SetCredentials(std::string token, std::string cert_pem, std::string key_pem);

  const Connection& connection() const { return connection_; }

 private:
  struct Curl;
  Connection connection_;
  std::string user_agent_;
  std::chrono::milliseconds timeout_;
  std::unique_ptr<Curl> curl_;
};

}  // namespace whisk::kube
