#pragma once
// The Kubernetes API as whiskc uses it: resources found through discovery, requests with
// retries (429 and 5xx with back-off, honouring Retry-After), fresh credentials on 401, and
// failures as one clear line built from the server's Status.

#include <chrono>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "compiler/kube/transport.h"

namespace whisk::kube {

using Json = nlohmann::ordered_json;

/// Where objects of one kind live: /api/v1/namespaces/NS/configmaps, /apis/apps/v1/...
struct Resource {
  std::string group;    // "" for the core group
  std::string version;  // v1
  std::string kind;     // Deployment
  std::string plural;   // deployments
  bool namespaced = true;

  std::string ApiVersion() const { return group.empty() ? version : group + "/" + version; }
  /// The collection's path, in `ns` when namespaced.
  std::string CollectionPath(const std::string& ns) const;
  /// One object's path.
  std::string ObjectPath(const std::string& ns, const std::string& name) const;
};

/// One cause of a failed request, from the Status's details (field errors, conflicts).
struct Cause {
  std::string type;   // FieldValueInvalid, FieldManagerConflict ...
  std::string field;  // .spec.replicas
  std::string message;
};

/// A failed request: the HTTP status (0 without an answer), the Status's reason and message,
/// and its causes.
struct Failure {
  long status = 0;
  std::string reason;   // Conflict, Forbidden, NotFound, Invalid ...
  std::string message;  // the server's message, or the transport's
  std::vector<Cause> causes;
  bool tls = false;
  bool timed_out = false;
  /// No request was sent: the credentials could not be had (an exec plugin failed).
  bool no_credentials = false;
  int attempts = 1;
};

/// The outcome of one call: the decoded body, or a Failure.
struct Reply {
  long status = 0;
  Json body;
  std::string text;  // the body when it is not JSON (a pod's log)
  std::optional<Failure> failure;

  bool ok() const { return !failure.has_value(); }
};

/// How often and how long to retry 429, 5xx and dropped connections.
struct RetryPolicy {
  int max_attempts = 6;
  std::chrono::milliseconds first_delay{500};
  std::chrono::milliseconds max_delay{10'000};
  /// Sleeps; replaceable so that tests do not wait.
  std::function<void(std::chrono::milliseconds)> sleep;
};

class Api {
 public:
  /// `log` receives one line per retry and per credential refresh (for -v); may be empty.
  Api(Transport& transport, RetryPolicy retry, std::function<void(const std::string&)> log);

  /// The resource serving `apiVersion`'s `kind`, from discovery as kubectl does it: the
  /// aggregated lists of /api and /apis, two requests for every group (a server too old to
  /// aggregate is asked per group-version). A Failure when the server does not serve it (404)
  /// or discovery fails; both are kept for the run.
  std::optional<Resource> Find(const std::string& api_version, const std::string& kind,
                               Failure* failure);

  /// The same, knowing only the group ("" for the core group): the server's preferred version.
  std::optional<Resource> FindGroupKind(const std::string& group, const std::string& kind,
                                        Failure* failure);

  /// Waits as the retry policy sleeps (tests replace it).
  void Sleep(std::chrono::milliseconds duration) { retry_.sleep(duration); }

  Reply Get(const std::string& path);
  Reply Patch(const std::string& path, const std::string& content_type, const std::string& body);
  Reply Delete(const std::string& path, const std::string& body);
  /// Any request, with the retries and credential refresh of the others.
  Reply Send(const Request& request);

  const Transport& transport() const { return transport_; }

 private:
  /// Runs the exec plugin or re-reads the token file; false with `error` set when the plugin
  /// failed, false with `error` empty when there was nothing new to get.
  bool RefreshCredentials(std::string* error);

  /// Asks /api and /apis for the aggregated discovery lists, once. Sets aggregated_ (or
  /// leaves it false for a server that answers with the legacy lists); false with `failure`
  /// set when discovery failed.
  bool LoadAggregatedDiscovery(Failure* failure);
  /// One group-version's resource list (the legacy way), into discovered_.
  bool LoadGroupVersion(const std::string& api_version, Failure* failure);

  Transport& transport_;
  RetryPolicy retry_;
  std::function<void(const std::string&)> log_;
  bool asked_aggregated_ = false;
  bool aggregated_ = false;                                  // discovered_ holds every group
  std::optional<Failure> aggregated_failure_;                // /api or /apis failed
  std::map<std::string, std::vector<Resource>> discovered_;  // by group-version
  std::map<std::string, std::string> preferred_;             // group -> its preferred version
  std::map<std::string, Failure> discovery_failures_;
};

/// Reads a Status (or any error body) into a Failure; exposed for tests.
Failure FailureFrom(long status, const std::string& body);

/// "409 Conflict: <message>" — one line, for error output; exposed for tests.
std::string Describe(const Failure& failure);

}  // namespace whisk::kube
