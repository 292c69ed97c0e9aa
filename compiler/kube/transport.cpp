#include "compiler/kube/transport.h"

#include <curl/curl.h>
#include <fmt/format.h>

#include <cctype>
#include <cstdlib>
#include <mutex>
#include <utility>

namespace whisk::kube {
namespace {

// curl_global_init is not thread-safe before 7.84 and must run once.
void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

size_t AppendBody(char* data, size_t size, size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

/// Collects the two response headers we use; curl hands them over one line at a time.
size_t ReadHeader(char* data, size_t size, size_t count, void* out) {
  auto* response = static_cast<Response*>(out);
  std::string line(data, size * count);
  size_t colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = Lower(line.substr(0, colon));
    std::string value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.erase(0, 1);
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n')) value.pop_back();
    if (name == "content-type") response->content_type = value;
    // Only the delta-seconds form; an HTTP date is rare from API servers.
    if (name == "retry-after" && !value.empty() &&
        std::isdigit(static_cast<unsigned char>(value[0]))) {
      response->retry_after = std::strtol(value.c_str(), nullptr, 10);
    }
  }
  return size * count;
}

void SetBlob(CURL* curl, CURLoption option, const std::string& pem) {
  curl_blob blob{const_cast<char*>(pem.data()), pem.size(), CURL_BLOB_COPY};
  curl_easy_setopt(curl, option, &blob);
}

}  // namespace

struct Transport::Curl {
  CURL* handle = nullptr;
  ~Curl() {
    if (handle) curl_easy_cleanup(handle);
  }
};

Transport::Transport(Connection connection, std::string user_agent,
                     std::chrono::milliseconds timeout)
    : connection_(std::move(connection)),
      user_agent_(std::move(user_agent)),
      timeout_(timeout),
      curl_(std::make_unique<Curl>()) {
  GlobalInit();
  curl_->handle = curl_easy_init();
}

Transport::~Transport() = default;

void Transport::SetCredentials(std::string token, std::string cert_pem, std::string key_pem) {
  connection_.token = std::move(token);
  if (!cert_pem.empty()) {
    connection_.client_cert_pem = std::move(cert_pem);
    connection_.client_key_pem = std::move(key_pem);
  }
}

Response Transport::Send(const Request& request) {
  Response response;
  CURL* curl = curl_->handle;
  if (!curl) {
    response.error = "cannot initialise libcurl";
    return response;
  }
  curl_easy_reset(curl);
  std::string url = connection_.server;
  while (!url.empty() && url.back() == '/') url.pop_back();
  url += request.path;
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_.count()));
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(timeout_.count()));
  curl_easy_setopt(curl, CURLOPT_USERAGENT, user_agent_.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "https,http");
  // kubectl uses a proxy only when the kubeconfig or HTTPS_PROXY says so; curl would also
  // read other variables, so it is told exactly.
  curl_easy_setopt(curl, CURLOPT_PROXY, connection_.proxy_url.c_str());
  if (!request.body.empty() || request.method == "POST" || request.method == "PUT" ||
      request.method == "PATCH") {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(request.body.size()));
  }
  if (request.method == "HEAD") curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);

  // TLS as the kubeconfig says.
  if (!connection_.ca_pem.empty()) SetBlob(curl, CURLOPT_CAINFO_BLOB, connection_.ca_pem);
  if (connection_.insecure_skip_tls_verify) {
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  if (!connection_.client_cert_pem.empty()) {
    SetBlob(curl, CURLOPT_SSLCERT_BLOB, connection_.client_cert_pem);
    curl_easy_setopt(curl, CURLOPT_SSLCERTTYPE, "PEM");
    SetBlob(curl, CURLOPT_SSLKEY_BLOB, connection_.client_key_pem);
    curl_easy_setopt(curl, CURLOPT_SSLKEYTYPE, "PEM");
  }

  curl_slist* headers = nullptr;
  std::string authorization;
  if (!connection_.token.empty()) {
    authorization = "Authorization: Bearer " + connection_.token;
  } else if (!connection_.username.empty()) {
    curl_easy_setopt(curl, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
    curl_easy_setopt(curl, CURLOPT_USERNAME, connection_.username.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, connection_.password.c_str());
  }
  if (!authorization.empty()) headers = curl_slist_append(headers, authorization.c_str());
  std::string accept = "Accept: " + request.accept;
  headers = curl_slist_append(headers, accept.c_str());
  std::string content_type = "Content-Type: " + request.content_type;
  if (!request.content_type.empty()) headers = curl_slist_append(headers, content_type.c_str());
  headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, AppendBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, ReadHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response);

  char error_buffer[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
  CURLcode code = curl_easy_perform(curl);
  curl_slist_free_all(headers);
  // The token is in curl's copy of the headers only for the call; the error buffer never
  // holds headers.
  if (code != CURLE_OK) {
    response.status = 0;
    response.timed_out = code == CURLE_OPERATION_TIMEDOUT;
    response.tls_error = code == CURLE_PEER_FAILED_VERIFICATION ||
                         code == CURLE_SSL_CACERT_BADFILE || code == CURLE_SSL_CONNECT_ERROR;
    response.error = error_buffer[0] != '\0' ? std::string(error_buffer) : curl_easy_strerror(code);
    if (response.timed_out) {
      long long ms = timeout_.count();
      response.error = fmt::format("the server did not answer within {}",
                                   ms % 1000 == 0 ? fmt::format("{}s", ms / 1000)
                                                  : fmt::format("{}ms", ms));
    }
    return response;
  }
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
  return response;
}

}  // namespace whisk::kube
