#include "compiler/lsp/server.h"

#include <fmt/format.h>

#include <cstdio>
#include <set>
#include <string>

#include "compiler/format/format.h"
#include "compiler/lsp/convert.h"
#include "compiler/lsp/features.h"
#include "compiler/lsp/framing.h"
#include "compiler/lsp/workspace.h"
#include "compiler/parse/parse.h"

namespace whisk::lsp {
namespace {

// JSON-RPC and LSP error codes.
constexpr int kParseError = -32700;
constexpr int kInvalidRequest = -32600;
constexpr int kMethodNotFound = -32601;
constexpr int kInvalidParams = -32602;
constexpr int kInternalError = -32603;
constexpr int kServerNotInitialized = -32002;

/// Whether JSON text nests arrays and objects deeper than any message of the protocol does;
/// parsing (and freeing) such a text would recurse until the stack ran out.
bool NestedTooDeeply(std::string_view text) {
  constexpr int kMaxDepth = 256;
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxDepth) return true;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return false;
}

struct RequestError {
  int code;
  std::string message;
};

class Server {
 public:
  Server(int in_fd, int out_fd) : reader_(in_fd), out_fd_(out_fd) {}

  int Run() {
    std::string body;
    for (;;) {
      MessageReader::Status status = reader_.Next(&body);
      if (status == MessageReader::Status::End) return shutdown_ ? 0 : 1;
      if (status == MessageReader::Status::Malformed) {
        ReplyError(nullptr, {kParseError, "a message without a valid Content-Length header"});
        continue;
      }
      if (NestedTooDeeply(body)) {
        ReplyError(nullptr, {kParseError, "the message is nested too deeply"});
        continue;
      }
      Json message = Json::parse(body, nullptr, /*allow_exceptions=*/false);
      if (message.is_discarded()) {
        ReplyError(nullptr, {kParseError, "the message is not JSON"});
        continue;
      }
      if (!Handle(message)) return exit_status_;
      if (output_gone_) return 1;
    }
  }

 private:
  /// False when the server must stop (`exit`).
  bool Handle(const Json& message) {
    if (!message.is_object() || !message.contains("method") || !message["method"].is_string()) {
      // A response to a request of ours (we send none), or nonsense.
      if (message.is_object() && (message.contains("result") || message.contains("error"))) {
        return true;
      }
      ReplyError(message.is_object() && message.contains("id") ? message["id"] : Json(nullptr),
                 {kInvalidRequest, "not a request or notification"});
      return true;
    }
    std::string method = message["method"];
    bool is_request = message.contains("id");
    Json id = is_request ? message["id"] : Json(nullptr);
    Json params = message.value("params", Json::object());
    if (method == "exit") {
      exit_status_ = shutdown_ ? 0 : 1;
      return false;
    }
    if (!initialized_ && method != "initialize") {
      if (is_request) ReplyError(id, {kServerNotInitialized, "initialize first"});
      return true;
    }
    if (shutdown_ && is_request) {
      ReplyError(id, {kInvalidRequest, "the server is shutting down"});
      return true;
    }
    try {
      std::optional<Json> result = Dispatch(method, params, is_request);
      if (is_request) {
        if (result) {
          Reply(id, *result);
        } else {
          ReplyError(id, {kMethodNotFound, fmt::format("unknown method `{}`", method)});
        }
      }
    } catch (const RequestError& error) {
      if (is_request) ReplyError(id, error);
    } catch (const Json::exception& error) {
      if (is_request) ReplyError(id, {kInvalidParams, error.what()});
    } catch (const std::exception& error) {
      if (is_request) ReplyError(id, {kInternalError, error.what()});
    }
    return true;
  }

  /// The result of a request (nullopt: no such method); notifications are handled too.
  std::optional<Json> Dispatch(const std::string& method, const Json& params, bool is_request) {
    if (method == "initialize") return Initialize(params);
    if (method == "initialized") return Json(nullptr);
    if (method == "shutdown") {
      shutdown_ = true;
      return Json(nullptr);
    }
    if (method == "textDocument/didOpen") {
      const Json& doc = params.at("textDocument");
      workspace_.Open(doc.at("uri"), doc.at("text"));
      Publish();
      return Json(nullptr);
    }
    if (method == "textDocument/didChange") {
      std::vector<Change> changes;
      for (const Json& c : params.at("contentChanges")) {
        Change change{std::nullopt, c.at("text")};
        if (c.contains("range")) {
          change.range = {PositionFromJson(c["range"].at("start")),
                          PositionFromJson(c["range"].at("end"))};
        }
        changes.push_back(std::move(change));
      }
      if (workspace_.Edit(params.at("textDocument").at("uri"), changes, encoding_)) Publish();
      return Json(nullptr);
    }
    if (method == "textDocument/didClose") {
      std::string uri = params.at("textDocument").at("uri");
      workspace_.Close(uri);
      published_.insert(uri);  // the editor drops what it showed for it: say so
      Publish();
      return Json(nullptr);
    }
    if (method == "workspace/didChangeConfiguration") {
      if (params.contains("settings") && params["settings"].is_object()) {
        const Json& settings = params["settings"].value("whisk", params["settings"]);
        Configure(settings);
        Publish();
      }
      return Json(nullptr);
    }
    if (method == "textDocument/hover") return WithDocument(params, &Server::Hover);
    if (method == "textDocument/definition") return WithDocument(params, &Server::Definition);
    if (method == "textDocument/references") return WithDocument(params, &Server::References);
    if (method == "textDocument/completion") return WithDocument(params, &Server::Complete);
    if (method == "textDocument/documentSymbol") return WithDocument(params, &Server::Symbols);
    if (method == "textDocument/formatting") return WithDocument(params, &Server::Formatting);
    if (!is_request) return Json(nullptr);  // notifications we do not know are ignored
    return std::nullopt;
  }

  Json Initialize(const Json& params) {
    initialized_ = true;
    Json offered = params.value("capabilities", Json::object())
                       .value("general", Json::object())
                       .value("positionEncodings", Json::array());
    for (const Json& e : offered) {
      if (e == "utf-8") encoding_ = Encoding::Utf8;
    }
    std::string root;
    if (params.contains("rootUri") && params["rootUri"].is_string()) {
      root = lsp::PathOf(params["rootUri"]);
    }
    if (root.empty() && params.contains("workspaceFolders") &&
        params["workspaceFolders"].is_array() && !params["workspaceFolders"].empty()) {
      root = lsp::PathOf(params["workspaceFolders"][0].value("uri", ""));
    }
    root_ = root;
    Configure(params.value("initializationOptions", Json::object()));
    return {{"capabilities",
             {{"positionEncoding", encoding_ == Encoding::Utf8 ? "utf-8" : "utf-16"},
              {"textDocumentSync", {{"openClose", true}, {"change", 2}}},
              {"hoverProvider", true},
              {"definitionProvider", true},
              {"referencesProvider", true},
              {"completionProvider", {{"triggerCharacters", {"."}}}},
              {"documentSymbolProvider", true},
              {"documentFormattingProvider", true}}},
            {"serverInfo", {{"name", "whiskc"}, {"version", WHISK_VERSION}}}};
  }

  void Configure(const Json& options) {
    if (!options.is_object()) return;
    Settings settings;
    settings.root = root_;
    auto strings = [&](const char* key) {
      std::vector<std::string> out;
      if (options.contains(key) && options[key].is_array()) {
        for (const Json& v : options[key]) {
          if (v.is_string()) out.push_back(v);
        }
      }
      return out;
    };
    settings.values = strings("values");
    settings.sets = strings("set");
    settings.lib = strings("lib");
    workspace_.Configure(std::move(settings));
  }

  using Handler = Json (Server::*)(const std::string& uri, const Analysis&, const Json& params);

  Json WithDocument(const Json& params, Handler handler) {
    std::string uri = params.at("textDocument").at("uri");
    const Analysis* analysis = workspace_.AnalysisOf(uri);
    if (!analysis) throw RequestError{kInvalidParams, fmt::format("`{}` is not open", uri)};
    return (this->*handler)(uri, *analysis, params);
  }

  /// The file and byte offset of the request's position in its document.
  std::pair<FileId, uint32_t> Where(const std::string& uri, const Analysis& analysis,
                                    const Json& params) {
    std::optional<FileId> file = analysis.FileOf(workspace_.PathOf(uri));
    if (!file) throw RequestError{kInvalidParams, "the document is not part of its program"};
    Position position = PositionFromJson(params.at("position"));
    auto offset = static_cast<uint32_t>(OffsetOf(analysis.sources.text(*file), position, encoding_));
    return {*file, offset};
  }

  Json Hover(const std::string& uri, const Analysis& analysis, const Json& params) {
    auto [file, offset] = Where(uri, analysis, params);
    return lsp::Hover(analysis, file, offset, encoding_);
  }

  Json Definition(const std::string& uri, const Analysis& analysis, const Json& params) {
    auto [file, offset] = Where(uri, analysis, params);
    const Occurrence* at = analysis.index->At(file, offset);
    if (!at) return nullptr;
    const Symbol& symbol = analysis.index->symbols()[at->symbol];
    if (symbol.also_declared.empty()) return LocationOf(analysis, symbol.name_span, encoding_);
    Json all = Json::array({LocationOf(analysis, symbol.name_span, encoding_)});
    for (Span span : symbol.also_declared) all.push_back(LocationOf(analysis, span, encoding_));
    return all;
  }

  Json References(const std::string& uri, const Analysis& analysis, const Json& params) {
    auto [file, offset] = Where(uri, analysis, params);
    const Occurrence* at = analysis.index->At(file, offset);
    if (!at) return Json::array();
    bool declaration =
        params.value("context", Json::object()).value("includeDeclaration", true);
    Json out = Json::array();
    for (const Occurrence& o : analysis.index->OccurrencesOf(at->symbol)) {
      if (o.declaration && !declaration) continue;
      out.push_back(LocationOf(analysis, o.span, encoding_));
    }
    return out;
  }

  Json Complete(const std::string& uri, const Analysis& analysis, const Json& params) {
    const std::string* text = workspace_.Text(uri);
    size_t offset = OffsetOf(*text, PositionFromJson(params.at("position")), encoding_);
    return {{"isIncomplete", false}, {"items", lsp::Completion(analysis, *text, offset)}};
  }

  Json Symbols(const std::string& uri, const Analysis& analysis, const Json&) {
    std::optional<FileId> file = analysis.FileOf(workspace_.PathOf(uri));
    return file ? Outline(analysis, *file, encoding_) : Json::array();
  }

  Json Formatting(const std::string& uri, const Analysis&, const Json&) {
    const std::string& text = *workspace_.Text(uri);
    Diagnostics diags;
    ast::Module module = Parse(FileId{0}, text, diags);
    if (diags.has_errors()) return nullptr;  // nothing to lay out until it parses
    std::optional<std::string> out = format::Format(text, module);
    if (!out || *out == text) return Json::array();
    Json whole = {{"start", ToJson({0, 0})}, {"end", ToJson(PositionOf(text, text.size(), encoding_))}};
    return Json::array({{{"range", whole}, {"newText", *out}}});
  }

  /// Sends the diagnostics of every open document's program; a file that had some and has
  /// none now gets an empty list.
  void Publish() {
    std::map<std::string, Json> now;
    std::set<const Analysis*> done;  // a module open beside its topology shares its analysis
    for (const std::string& uri : workspace_.OpenUris()) {
      const Analysis* analysis = workspace_.AnalysisOf(uri);
      if (!analysis) continue;
      now.try_emplace(uri, Json::array());
      if (!done.insert(analysis).second) continue;
      for (auto& [file_uri, list] : DiagnosticsByUri(*analysis, encoding_)) {
        Json& into = now.try_emplace(file_uri, Json::array()).first->second;
        std::set<std::string> seen;
        for (const Json& d : into) seen.insert(d.dump());
        for (Json& d : list) {
          if (seen.insert(d.dump()).second) into.push_back(std::move(d));
        }
      }
    }
    for (const std::string& uri : published_) now.try_emplace(uri, Json::array());
    published_.clear();
    for (auto& [uri, list] : now) {
      if (!list.empty()) published_.insert(uri);
      Notify("textDocument/publishDiagnostics", {{"uri", uri}, {"diagnostics", std::move(list)}});
    }
  }

  void Send(const Json& message) {
    if (!output_gone_ && !WriteMessage(out_fd_, message.dump())) output_gone_ = true;
  }
  void Reply(const Json& id, Json result) {
    Send({{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}});
  }
  void ReplyError(const Json& id, const RequestError& error) {
    Send({{"jsonrpc", "2.0"},
          {"id", id},
          {"error", {{"code", error.code}, {"message", error.message}}}});
  }
  void Notify(const std::string& method, Json params) {
    Send({{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}});
  }

  MessageReader reader_;
  int out_fd_;
  Workspace workspace_;
  Encoding encoding_ = Encoding::Utf16;
  std::string root_;
  std::set<std::string> published_;
  bool initialized_ = false;
  bool shutdown_ = false;
  bool output_gone_ = false;
  int exit_status_ = 1;
};

}  // namespace

int Serve(int in_fd, int out_fd) { return Server(in_fd, out_fd).Run(); }

}  // namespace whisk::lsp
