#include "compiler/kube/api.h"

#include <fmt/format.h>

#include <algorithm>
#include <thread>
#include <utility>

#include "compiler/kube/exec_credential.h"
#include "compiler/source/file_io.h"

namespace whisk::kube {
namespace {

constexpr std::chrono::seconds kMaxRetryAfter{30};
constexpr std::chrono::seconds kExecTimeout{60};
constexpr int kConnectAttempts = 3;

bool Retryable(const Response& r) {
  // Dropped or refused: try again. Bad TLS will not heal, and a server that let the whole
  // request timeout pass would only make the run wait that long again.
  if (r.status == 0) return !r.tls_error && !r.timed_out;
  return r.status == 429 || r.status == 500 || r.status == 502 || r.status == 503 ||
         r.status == 504;
}

std::string ReasonPhrase(long status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 410:
      return "Gone";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Entity";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return "";
  }
}

std::string GroupVersionPath(const std::string& api_version) {
  return api_version.find('/') == std::string::npos ? "/api/" + api_version
                                                    : "/apis/" + api_version;
}

std::string TrimmedFile(const std::string& path, std::string* error) {
  std::optional<std::string> text = ReadFile(path, error);
  if (!text) return "";
  while (!text->empty() && (text->back() == '\n' || text->back() == '\r')) text->pop_back();
  return *text;
}

}  // namespace

std::string Resource::CollectionPath(const std::string& ns) const {
  std::string base = group.empty() ? "/api/" + version : "/apis/" + group + "/" + version;
  if (namespaced) base += "/namespaces/" + ns;
  return base + "/" + plural;
}

std::string Resource::ObjectPath(const std::string& ns, const std::string& name) const {
  return CollectionPath(ns) + "/" + name;
}

Failure FailureFrom(long status, const std::string& body) {
  Failure failure;
  failure.status = status;
  Json doc = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_object() && doc.value("kind", "") == "Status") {
    failure.reason = doc.value("reason", "");
    failure.message = doc.value("message", "");
    if (doc.contains("details") && doc["details"].contains("causes")) {
      for (const Json& c : doc["details"]["causes"]) {
        failure.causes.push_back(
            {c.value("reason", ""), c.value("field", ""), c.value("message", "")});
      }
    }
  } else {
    failure.reason = ReasonPhrase(status);
    // A proxy's HTML page or plain text: its first line says enough.
    failure.message = body.substr(0, std::min(body.find('\n'), size_t{200}));
  }
  if (failure.reason.empty()) failure.reason = ReasonPhrase(status);
  return failure;
}

std::string Describe(const Failure& f) {
  if (f.no_credentials) return f.message;
  if (f.status == 0) {
    if (f.tls) return fmt::format("TLS verification failed: {}", f.message);
    if (f.timed_out) return fmt::format("timed out: {}", f.message);
    return fmt::format("no answer: {}{}", f.message,
                       f.attempts > 1 ? fmt::format(" (after {} attempts)", f.attempts) : "");
  }
  std::string line =
      fmt::format("{} {}", f.status, f.reason.empty() ? ReasonPhrase(f.status) : f.reason);
  if (!f.message.empty()) line += ": " + f.message;
  if (f.attempts > 1) line += fmt::format(" (after {} attempts)", f.attempts);
  return line;
}

Api::Api(Transport& transport, RetryPolicy retry, std::function<void(const std::string&)> log)
    : transport_(transport), retry_(std::move(retry)), log_(std::move(log)) {
  if (!retry_.sleep)
    retry_.sleep = [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); };
  if (!log_) log_ = [](const std::string&) {};
}

bool Api::RefreshCredentials(std::string* error) {
  const Connection& c = transport_.connection();
  if (c.exec) {
    ExecResult result = RunExecPlugin(*c.exec, c, kExecTimeout);
    if (!result.credential) {
      *error = result.error;
      return false;
    }
    transport_.SetCredentials(result.credential->token, result.credential->client_cert_pem,
                              result.credential->client_key_pem);
    log_(fmt::format("credentials from exec plugin {}", c.exec->command));
    return true;
  }
  if (!c.token_file.empty()) {
    std::string error;
    std::string token = TrimmedFile(c.token_file, &error);
    if (token.empty() || token == c.token) return false;
    transport_.SetCredentials(token, "", "");
    log_(fmt::format("re-read the token file {}", c.token_file));
    return true;
  }
  return false;
}

Reply Api::Send(const Request& request) {
  const Connection& c = transport_.connection();
  // An exec plugin runs before the first request, and again when the server says 401.
  if (c.exec && c.token.empty() && c.client_cert_pem.empty()) {
    // Without credentials the server could only say 401: say why there are none instead.
    std::string error;
    if (!RefreshCredentials(&error)) {
      Reply reply;
      reply.failure = Failure{};
      reply.failure->message = error;
      reply.failure->no_credentials = true;
      return reply;
    }
  }
  bool refreshed = false;
  std::chrono::milliseconds delay = retry_.first_delay;
  for (int attempt = 1;; ++attempt) {
    Response r = transport_.Send(request);
    if (r.status == 401 && !refreshed) {
      refreshed = true;
      std::string error;
      if (RefreshCredentials(&error)) {
        --attempt;
        continue;
      }
    }
    // A server that does not answer at all gets fewer tries than one that says "later".
    int limit =
        r.status == 0 ? std::min(retry_.max_attempts, kConnectAttempts) : retry_.max_attempts;
    if (Retryable(r) && attempt < limit) {
      std::chrono::milliseconds wait = delay;
      if (r.retry_after >= 0) {
        wait = std::min<std::chrono::milliseconds>(std::chrono::seconds(r.retry_after),
                                                   kMaxRetryAfter);
      }
      log_(fmt::format("{} {}: {}; retrying in {} ms (attempt {} of {})", request.method,
                       request.path, r.status ? fmt::format("{}", r.status) : r.error, wait.count(),
                       attempt + 1, limit));
      retry_.sleep(wait);
      delay = std::min(delay * 2, retry_.max_delay);
      continue;
    }
    Reply reply;
    reply.status = r.status;
    if (r.status >= 200 && r.status < 300) {
      reply.body = Json::parse(r.body, nullptr, /*allow_exceptions=*/false);
      if (reply.body.is_discarded()) {
        reply.body = Json();
        reply.text = std::move(r.body);
      }
      return reply;
    }
    Failure failure = r.status == 0 ? Failure{} : FailureFrom(r.status, r.body);
    if (r.status == 0) {
      failure.message = r.error;
      failure.tls = r.tls_error;
      failure.timed_out = r.timed_out;
    }
    failure.attempts = attempt;
    reply.failure = std::move(failure);
    return reply;
  }
}

Reply Api::Get(const std::string& path) { return Send({"GET", path, "", "application/json", ""}); }

Reply Api::Patch(const std::string& path, const std::string& content_type,
                 const std::string& body) {
  return Send({"PATCH", path, content_type, "application/json", body});
}

Reply Api::Delete(const std::string& path, const std::string& body) {
  return Send({"DELETE", path, body.empty() ? "" : "application/json", "application/json", body});
}

namespace {

/// What kubectl 1.32 sends to /api and /apis: the aggregated lists (v2, else v2beta1), else
/// the legacy ones.
constexpr const char* kAggregatedDiscovery =
    "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
    "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,"
    "application/json";

Failure NotServed(const std::string& api_version) {
  Failure f;
  f.status = 404;
  f.reason = "NotFound";
  f.message = fmt::format(
      "the server does not serve {} (is the cluster older than this API, or is it not "
      "installed?)",
      api_version);
  return f;
}

}  // namespace

bool Api::LoadAggregatedDiscovery(Failure* failure) {
  if (asked_aggregated_) {
    if (aggregated_failure_ && failure) *failure = *aggregated_failure_;
    return !aggregated_failure_;
  }
  asked_aggregated_ = true;
  std::map<std::string, std::vector<Resource>> found;
  std::map<std::string, std::string> preferred;
  for (const char* path : {"/api", "/apis"}) {
    Reply reply = Send({"GET", path, "", kAggregatedDiscovery, ""});
    if (!reply.ok()) {
      aggregated_failure_ = *reply.failure;
      if (failure) *failure = *reply.failure;
      return false;
    }
    if (reply.body.value("kind", "") != "APIGroupDiscoveryList") return true;  // legacy lists
    for (const Json& group : reply.body.value("items", Json::array())) {
      std::string name = group.value("metadata", Json::object()).value("name", "");
      for (const Json& version : group.value("versions", Json::array())) {
        std::string v = version.value("version", "");
        // The versions come in the server's order of preference.
        preferred.emplace(name, v);
        std::vector<Resource>& resources = found[name.empty() ? v : name + "/" + v];
        for (const Json& r : version.value("resources", Json::array())) {
          resources.push_back({name, v, r.value("responseKind", Json::object()).value("kind", ""),
                               r.value("resource", ""), r.value("scope", "") == "Namespaced"});
        }
      }
    }
  }
  aggregated_ = true;
  discovered_ = std::move(found);
  preferred_ = std::move(preferred);
  return true;
}

bool Api::LoadGroupVersion(const std::string& api_version, Failure* failure) {
  Reply reply = Get(GroupVersionPath(api_version));
  if (!reply.ok()) {
    *failure = reply.failure->status == 404 ? NotServed(api_version) : *reply.failure;
    return false;
  }
  std::vector<Resource> resources;
  size_t slash = api_version.find('/');
  std::string group = slash == std::string::npos ? "" : api_version.substr(0, slash);
  std::string version = slash == std::string::npos ? api_version : api_version.substr(slash + 1);
  for (const Json& r : reply.body.value("resources", Json::array())) {
    std::string name = r.value("name", "");
    if (name.find('/') != std::string::npos) continue;  // a subresource such as pods/log
    resources.push_back({group, version, r.value("kind", ""), name, r.value("namespaced", false)});
  }
  discovered_.emplace(api_version, std::move(resources));
  return true;
}

std::optional<Resource> Api::Find(const std::string& api_version, const std::string& kind,
                                  Failure* failure) {
  Failure f;
  if (!LoadAggregatedDiscovery(&f)) {
    if (failure) *failure = f;
    return std::nullopt;
  }
  auto known = discovered_.find(api_version);
  if (known == discovered_.end()) {
    auto failed = discovery_failures_.find(api_version);
    if (failed == discovery_failures_.end()) {
      if (aggregated_ || !LoadGroupVersion(api_version, &f)) {
        failed = discovery_failures_.emplace(api_version, aggregated_ ? NotServed(api_version) : f)
                     .first;
      }
    }
    if (failed != discovery_failures_.end()) {
      if (failure) *failure = failed->second;
      return std::nullopt;
    }
    known = discovered_.find(api_version);
  }
  for (const Resource& r : known->second) {
    if (r.kind == kind) return r;
  }
  if (failure) {
    failure->status = 404;
    failure->reason = "NotFound";
    failure->message = fmt::format("the server serves {} but no kind {} in it", api_version, kind);
  }
  return std::nullopt;
}

std::optional<Resource> Api::FindGroupKind(const std::string& group, const std::string& kind,
                                           Failure* failure) {
  if (group.empty()) return Find("v1", kind, failure);
  Failure f;
  if (!LoadAggregatedDiscovery(&f)) {
    if (failure) *failure = f;
    return std::nullopt;
  }
  std::string version;
  if (aggregated_) {
    auto preferred = preferred_.find(group);
    if (preferred != preferred_.end()) version = group + "/" + preferred->second;
  } else {
    Reply reply = Get("/apis/" + group);
    if (!reply.ok()) {
      if (failure) *failure = *reply.failure;
      return std::nullopt;
    }
    version = reply.body.value("preferredVersion", Json::object()).value("groupVersion", "");
  }
  if (version.empty()) {
    if (failure) *failure = NotServed(group);
    return std::nullopt;
  }
  return Find(version, kind, failure);
}

}  // namespace whisk::kube
