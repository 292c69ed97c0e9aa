#pragma once
// The grammar of the whisk topology language, as PEGTL rules.
//
// This header is the single source of truth for the syntax; grammar/REFERENCE.md
// explains it construct by construct, and a test parses every example there.
// compiler/parse/parser.cpp builds the syntax tree with it and
// compiler/format/tokens.cpp reads its tokens; the keyword tables are in
// grammar/keywords.h for everyone else.
//
// Layout conventions: every token rule consumes the whitespace and comments that
// follow it (`tk<...>`), so a rule starts exactly at its first token. Keywords
// are contextual: they are only keywords where the grammar expects them. After
// a rule's first keyword the rest is committed with `if_must`, so a syntax error
// says what was expected there.

#include <array>
#include <cctype>
#include <string_view>
#include <tao/pegtl.hpp>

#include "grammar/keywords.h"

namespace whisk::grammar {

namespace p = tao::pegtl;

// ---------------------------------------------------------------- lexical

struct line_comment : p::seq<p::two<'/'>, p::until<p::eolf>> {};
struct skip : p::star<p::sor<p::space, line_comment>> {};

/// Marks where the last token ended, so that a node's span stops at its last
/// token rather than at the whitespace after it (the parser gives it meaning).
struct token_end : p::success {};

template <typename Core>
struct tk : p::seq<Core, token_end, skip> {};

template <char C>
struct punct : tk<p::one<C>> {};

#define WHISK_KW(x) tk<TAO_PEGTL_KEYWORD(x)>

struct ident_core : p::identifier {};
/// A name: `[A-Za-z_][A-Za-z0-9_]*`.
struct name : tk<ident_core> {};

struct comma : punct<','> {};
struct equals : tk<p::seq<p::one<'='>, p::not_at<p::one<'='>>>> {};
struct colon : punct<':'> {};
struct open_brace : punct<'{'> {};
struct close_brace : punct<'}'> {};
struct open_paren : punct<'('> {};
struct close_paren : punct<')'> {};
struct open_bracket : punct<'['> {};
struct close_bracket : punct<']'> {};
struct dot_dot : tk<p::two<'.'>> {};

// ---------------------------------------------------------------- values

/// `512Mi`, `250m`, `30s`, `80%`, `3`, `1.5Gi`: a number with an optional unit
/// suffix; what the unit means is decided by the type expected where it stands.
struct number_core
    : p::seq<p::opt<p::one<'-'>>, p::plus<p::digit>, p::opt<p::one<'.'>, p::plus<p::digit>>> {};
struct unit_suffix : p::sor<p::one<'%'>, p::seq<p::alpha, p::star<p::alnum>>> {};
struct number : tk<p::seq<number_core, p::opt<unit_suffix>>> {};

struct kw_true : TAO_PEGTL_KEYWORD("true") {};
struct kw_false : TAO_PEGTL_KEYWORD("false") {};
struct boolean : tk<p::sor<kw_true, kw_false>> {};

/// `${kafka.host}` inside a string: a path of names joined by dots.
struct interp_path : p::list<ident_core, p::one<'.'>> {};
struct interp_close : p::one<'}'> {};
struct interpolation : p::if_must<p::string<'$', '{'>, interp_path, interp_close> {};
struct escaped_char : p::one<'"', '\\', 'n', 't', 'r', '$'> {};
struct escape : p::if_must<p::one<'\\'>, escaped_char> {};
struct string_char : p::sor<escape, interpolation, p::not_one<'"', '\\', '\n', '\r'>> {};
struct string_close : p::one<'"'> {};
struct string_core : p::if_must<p::one<'"'>, p::star<string_char>, string_close> {};
struct string_lit : tk<string_core> {};

/// `kafka`, `kafka.port.broker`, `persistence`: a reference by name.
struct path : tk<p::list<ident_core, p::one<'.'>>> {};

/// Fails at a property keyword that begins a line: there a value is missing
/// and the next property starts, so `port http` followed by `env ...` reports
/// a missing port number rather than reading `env` as a parameter's name.
struct not_line_keyword {
  using rule_t = not_line_keyword;
  using subs_t = p::empty_list;
  template <p::apply_mode, p::rewind_mode, template <typename...> class,
            template <typename...> class, typename Input, typename... States>
  static bool match(Input& in, States&&...) {
    const char* at = in.current();
    const char* begin = in.begin();
    const char* back = at;
    while (back > begin && (back[-1] == ' ' || back[-1] == '\t' || back[-1] == '\r')) --back;
    if (back != begin && back[-1] != '\n') return true;
    const char* end = at;
    while (end < in.end() && (std::isalnum(static_cast<unsigned char>(*end)) || *end == '_')) ++end;
    return !IsPropertyKeyword(std::string_view(at, static_cast<size_t>(end - at)));
  }
};
struct reference : p::seq<not_line_keyword, path> {};

struct value;
struct list_lit : p::if_must<open_bracket, p::opt<p::list<value, comma>>, close_bracket> {};
struct value : p::sor<string_lit, list_lit, boolean, number, reference> {};

struct range : p::seq<value, dot_dot, value> {};

// ---------------------------------------------------------------- conditions

struct kw_not : WHISK_KW("not") {};
struct kw_and : WHISK_KW("and") {};
struct kw_or : WHISK_KW("or") {};
struct compare_op : tk<p::sor<p::two<'='>, p::string<'!', '='>>> {};
struct condition;
struct cond_group : p::if_must<open_paren, condition, close_paren> {};
struct cond_compare : p::seq<value, p::opt<compare_op, p::must<value>>> {};
struct cond_not : p::if_must<kw_not, p::sor<cond_not, cond_group, cond_compare>> {};
struct cond_unary : p::sor<cond_not, cond_group, cond_compare> {};
struct cond_and : p::seq<cond_unary, p::star<p::if_must<kw_and, cond_unary>>> {};
struct condition : p::seq<cond_and, p::star<p::if_must<kw_or, cond_and>>> {};

// ---------------------------------------------------------------- label selectors

struct kw_in : WHISK_KW("in") {};

/// What a label key must satisfy: `== "V"`, `!= "V"`, `in ["A", "B"]` or
/// `exists`. Roles select node labels with it, `spawns` pod labels.
struct selector_equals : p::if_must<p::seq<compare_op>, value> {};
struct selector_in : p::if_must<kw_in, list_lit> {};
struct selector_exists : WHISK_KW("exists") {};
struct label_selector : p::sor<selector_equals, selector_in, selector_exists> {};

// ---------------------------------------------------------------- blocks

/// `{ Item* }` with recovery: an item that fails is reported and skipped to
/// the end of its line, so one mistake never hides the next one. The parser
/// supplies the recovery (see block_item in parser.cpp).
template <typename Item, typename Unknown>
struct block_item : p::seq<Item> {};
template <typename Item, typename Unknown>
struct block : p::if_must<open_brace, p::star<block_item<Item, Unknown>>, close_brace> {};

/// What an unrecognised line inside a block is called in diagnostics.
struct unknown_property {};
struct unknown_entry {};
struct unknown_declaration {};

// ---------------------------------------------------------------- types

struct kw_list : WHISK_KW("list") {};
struct type;
struct list_type : p::if_must<kw_list, open_bracket, type, close_bracket> {};
struct type_name : name {};
struct type : p::sor<list_type, type_name> {};

// ---------------------------------------------------------------- component properties

struct kw_at : WHISK_KW("at") {};
struct kw_on : WHISK_KW("on") {};
struct kw_from : WHISK_KW("from") {};
struct kw_as : WHISK_KW("as") {};
struct kw_if : WHISK_KW("if") {};
struct kw_else : WHISK_KW("else") {};

struct strings : p::plus<string_lit> {};

struct image_prop : p::if_must<WHISK_KW("image"), value> {};
struct run_prop : p::if_must<WHISK_KW("run"), strings> {};
struct args_prop : p::if_must<WHISK_KW("args"), strings> {};

struct udp : WHISK_KW("udp") {};
struct port_def : p::seq<name, p::must<value>, p::opt<udp>> {};
struct port_prop : p::if_must<WHISK_KW("port"), p::list_must<port_def, comma>> {};

struct env_config : p::if_must<WHISK_KW("config"), path> {};
struct env_secret : p::if_must<WHISK_KW("secret"), path> {};
struct env_field : p::if_must<WHISK_KW("field"), string_lit> {};
struct env_value : p::sor<env_config, env_secret, env_field, value> {};
struct env_def : p::seq<name, p::must<equals, env_value>> {};
// `from config NAME`: every key of it as a variable. `from =` still names a
// variable `from`, so only `from` not followed by `=` commits.
struct env_from_kind : tk<p::sor<TAO_PEGTL_KEYWORD("config"), TAO_PEGTL_KEYWORD("secret")>> {};
struct env_from : p::if_must<p::seq<kw_from, p::not_at<equals>>, env_from_kind, name> {};
struct env_item : p::sor<env_from, env_def> {};
struct env_prop : p::if_must<WHISK_KW("env"), p::list_must<env_item, comma>> {};

struct resource_kw : tk<p::sor<TAO_PEGTL_KEYWORD("cpu"), TAO_PEGTL_KEYWORD("memory")>> {};
struct resource_prop : p::if_must<resource_kw, value, p::opt<dot_dot, p::must<value>>> {};

struct probe_http : p::if_must<WHISK_KW("http"), value, kw_on, name> {};
struct probe_tcp : p::if_must<WHISK_KW("tcp"), name> {};
struct probe_exec : p::if_must<WHISK_KW("exec"), strings> {};
struct probe_endpoints : WHISK_KW("endpoints") {};
struct probe_option_kw : tk<p::sor<TAO_PEGTL_KEYWORD("every"), TAO_PEGTL_KEYWORD("after"),
                                   TAO_PEGTL_KEYWORD("timeout"), TAO_PEGTL_KEYWORD("failures")>> {};
struct probe_option : p::if_must<probe_option_kw, value> {};
struct probe
    : p::seq<p::sor<probe_http, probe_tcp, probe_exec, probe_endpoints>, p::star<probe_option>> {};
struct probe_kw : tk<p::sor<TAO_PEGTL_KEYWORD("ready"), TAO_PEGTL_KEYWORD("live")>> {};
struct probe_prop : p::if_must<probe_kw, probe> {};

struct storage_shared : WHISK_KW("shared") {};
struct storage_class : p::if_must<WHISK_KW("class"), value> {};
struct storage_claim : p::if_must<WHISK_KW("claim"), value> {};
struct storage_access : p::if_must<WHISK_KW("access"), name> {};
struct storage_option : p::sor<storage_shared, storage_class, storage_claim, storage_access> {};
// `if` here switches persistence; `if COND {` on the next line is a block.
struct storage_if : p::seq<kw_if, condition, p::not_at<open_brace>> {};
struct storage_prop : p::if_must<WHISK_KW("storage"), name, value, kw_at, value,
                                 p::star<storage_option>, p::opt<storage_if>> {};

struct files_prop : p::if_must<WHISK_KW("files"), value, kw_from, p::list_must<value, comma>> {};
struct mount_prop : p::if_must<WHISK_KW("mount"), name, kw_at, value> {};
struct scratch_prop : p::if_must<WHISK_KW("scratch"), name, kw_at, value> {};

// `ready` is also a property: on a new line it starts the next property.
struct need_condition
    : p::seq<not_line_keyword, tk<p::sor<TAO_PEGTL_KEYWORD("started"), TAO_PEGTL_KEYWORD("ready"),
                                         TAO_PEGTL_KEYWORD("completed")>>> {};
struct need_always : WHISK_KW("always") {};
struct need : p::seq<name, p::opt<need_condition>, p::opt<need_always>> {};
struct needs_prop : p::if_must<WHISK_KW("needs"), p::list_must<need, comma>> {};

struct weight : p::if_must<open_paren, value, close_paren> {};
struct strict : WHISK_KW("strict") {};
struct place_require : p::if_must<WHISK_KW("require"), name> {};
struct place_forbid : p::if_must<WHISK_KW("forbid"), name> {};
struct place_prefer : p::if_must<WHISK_KW("prefer"), name, p::opt<weight>> {};
struct place_avoid : p::if_must<WHISK_KW("avoid"), name, p::opt<weight>> {};
struct spread_across : p::if_must<WHISK_KW("across"), name> {};
struct place_spread
    : p::seq<WHISK_KW("spread"), p::opt<weight>, p::opt<strict>, p::opt<spread_across>> {};
struct place_near : p::if_must<WHISK_KW("near"), name, p::opt<weight>, p::opt<strict>> {};
struct place_apart : p::if_must<WHISK_KW("apart"), kw_from, name, p::opt<weight>, p::opt<strict>> {
};
struct place_named : name {};
struct place_term : p::sor<place_require, place_forbid, place_prefer, place_avoid, place_spread,
                           place_near, place_apart, place_named> {};
struct place_terms : p::list_must<place_term, comma> {};
struct place_prop : p::if_must<WHISK_KW("place"), place_terms> {};

struct replicas_prop : p::if_must<WHISK_KW("replicas"), value> {};
struct autoscale_prop
    : p::if_must<WHISK_KW("autoscale"), value, dot_dot, value, kw_on, name, value> {};
struct budget_prop : p::if_must<WHISK_KW("budget"), name, value> {};

struct expose_headless : WHISK_KW("headless") {};
struct expose_clusterip : WHISK_KW("clusterip") {};
struct expose_nodeport : p::seq<WHISK_KW("nodeport"), p::opt<value>> {};
struct expose_loadbalancer : WHISK_KW("loadbalancer") {};
struct ingress_option_kw : tk<p::sor<TAO_PEGTL_KEYWORD("path"), TAO_PEGTL_KEYWORD("tls")>> {};
struct ingress_option : p::if_must<ingress_option_kw, value> {};
struct expose_ingress : p::if_must<WHISK_KW("ingress"), value, p::star<ingress_option>> {};
struct expose_as
    : p::if_must<kw_as,
                 p::sor<expose_clusterip, expose_nodeport, expose_loadbalancer, expose_ingress>> {};
struct expose_port : p::seq<name, p::opt<expose_as>> {};
struct expose_item : p::sor<expose_headless, expose_port> {};
struct expose_prop : p::if_must<WHISK_KW("expose"), p::list_must<expose_item, comma>> {};

struct verb : tk<p::sor<TAO_PEGTL_KEYWORD("get"), TAO_PEGTL_KEYWORD("list"),
                        TAO_PEGTL_KEYWORD("watch"), TAO_PEGTL_KEYWORD("create"),
                        TAO_PEGTL_KEYWORD("update"), TAO_PEGTL_KEYWORD("patch"),
                        TAO_PEGTL_KEYWORD("deletecollection"), TAO_PEGTL_KEYWORD("delete")>> {};
/// `pods`, `pods/log`, `deployments.apps`.
struct api_resource
    : tk<p::seq<ident_core, p::opt<p::one<'/'>, ident_core>, p::star<p::one<'.'>, ident_core>>> {};
struct can_prop
    : p::if_must<WHISK_KW("can"), p::list_must<verb, comma>, p::list_must<api_resource, comma>> {};

// `spawns pods "KEY" SELECTOR`: pods the component creates at run time. The
// word after `spawns` names what it creates, so that other kinds can follow.
struct spawn_kind : WHISK_KW("pods") {};
struct spawns_prop : p::if_must<WHISK_KW("spawns"), spawn_kind, value, label_selector> {};

struct schedule_prop : p::if_must<WHISK_KW("schedule"), value> {};
/// `host "couch.example.com"`: where an `external` component is reached.
struct host_prop : p::if_must<WHISK_KW("host"), value> {};
struct retries_prop : p::if_must<WHISK_KW("retries"), value> {};

struct object_lit;
struct raw_list;
struct raw_value : p::sor<object_lit, raw_list, value> {};
// A list inside a patch may hold objects too (containers, volumes, env).
struct raw_list : p::if_must<open_bracket, p::opt<p::list<raw_value, comma>>, close_bracket> {};
struct raw_key : p::sor<string_lit, name> {};
struct raw_member : p::seq<raw_key, p::must<colon, raw_value>> {};
struct object_lit : p::if_must<open_brace, p::star<raw_member, p::opt<comma>>, close_brace> {};
struct patch_prop : p::if_must<WHISK_KW("patch"), object_lit> {};

struct component_prop;
struct unknown_property;
struct property_block : block<component_prop, unknown_property> {};
struct prop_else;
struct prop_if : p::if_must<kw_if, condition, property_block, p::opt<prop_else>> {};
struct prop_else : p::if_must<kw_else, p::sor<prop_if, property_block>> {};

struct component_prop
    : p::sor<image_prop, run_prop, args_prop, port_prop, env_prop, resource_prop, probe_prop,
             storage_prop, files_prop, mount_prop, scratch_prop, needs_prop, place_prop,
             replicas_prop, autoscale_prop, budget_prop, expose_prop, can_prop, spawns_prop,
             schedule_prop, retries_prop, patch_prop, host_prop, prop_if> {};

// ---------------------------------------------------------------- declarations

struct import_decl : p::if_must<WHISK_KW("import"), string_lit> {};

struct topology_namespace : p::if_must<WHISK_KW("namespace"), value> {};
struct topology_isolate : WHISK_KW("isolate") {};
struct topology_wait_image : p::if_must<WHISK_KW("wait_image"), value> {};
struct topology_prop : p::sor<topology_namespace, topology_isolate, topology_wait_image> {};
struct topology_decl
    : p::if_must<WHISK_KW("topology"), name, block<topology_prop, unknown_property>> {};

/// `in ["a", "b"]`: the only values a string parameter may take. Not
/// committed: a list followed by `..` is left to `param_range` to report.
struct param_choices : p::seq<kw_in, list_lit, p::not_at<dot_dot>> {};
struct param_range : p::if_must<kw_in, range> {};
struct param_default : p::if_must<equals, value> {};
struct param_decl : p::if_must<WHISK_KW("param"), name, colon, type,
                               p::opt<p::sor<param_choices, param_range>>, p::opt<param_default>> {
};

struct taint_effect
    : tk<p::sor<TAO_PEGTL_KEYWORD("NoSchedule"), TAO_PEGTL_KEYWORD("PreferNoSchedule"),
                TAO_PEGTL_KEYWORD("NoExecute")>> {};
// `tainted if tolerations`: the taint only when the condition holds. As after
// `storage`, `if COND {` on the next line is a declaration, not this `if`.
struct tainted_if : p::seq<kw_if, condition, p::not_at<open_brace>> {};
struct tainted : p::seq<WHISK_KW("tainted"), p::opt<taint_effect>, p::opt<tainted_if>> {};
struct role_decl : p::if_must<WHISK_KW("role"), name, equals, WHISK_KW("node"), value,
                              label_selector, p::opt<tainted>> {};

struct placement_decl : p::if_must<WHISK_KW("placement"), name, equals, place_terms> {};

struct entry_key : p::sor<string_lit, name> {};
struct entry_value : p::if_must<equals, value> {};
struct entry_file : p::if_must<kw_from, value> {};
struct config_entry : p::seq<entry_key, p::must<p::sor<entry_value, entry_file>>> {};
struct data_kind : tk<p::sor<TAO_PEGTL_KEYWORD("config"), TAO_PEGTL_KEYWORD("secret")>> {};
// `secret tls from gen_certs`: made at run time by that component.
struct data_maker : p::if_must<WHISK_KW("from"), name> {};
struct data_body : p::sor<data_maker, block<config_entry, unknown_entry>> {};
struct data_decl : p::if_must<data_kind, name, data_body> {};

struct component_kind : tk<p::sor<TAO_PEGTL_KEYWORD("service"), TAO_PEGTL_KEYWORD("stateful"),
                                  TAO_PEGTL_KEYWORD("daemon"), TAO_PEGTL_KEYWORD("job"),
                                  TAO_PEGTL_KEYWORD("cron"), TAO_PEGTL_KEYWORD("external")>> {};
struct component_decl : p::if_must<component_kind, name, property_block> {};

struct template_param_default : p::if_must<equals, value> {};
struct template_param : p::seq<name, p::must<colon, type>, p::opt<template_param_default>> {};
struct template_params
    : p::if_must<open_paren, p::opt<p::list_must<template_param, comma>>, close_paren> {};
struct template_decl
    : p::if_must<WHISK_KW("template"), component_kind, name, template_params, property_block> {};

struct template_arg : p::seq<name, p::must<equals, value>> {};
struct template_args
    : p::if_must<open_paren, p::opt<p::list_must<template_arg, comma>>, close_paren> {};
// `as daemon invoker`: the kind chosen where the template is used. After a
// kind a name must follow, so `use t as daemon {` is a missing name rather
// than a component called `daemon`.
struct use_kind_name : p::seq<name> {};
struct use_kind : p::if_must<component_kind, use_kind_name> {};
struct use_as : p::if_must<kw_as, p::sor<use_kind, name>> {};
struct use_decl : p::if_must<WHISK_KW("use"), name, p::opt<template_args>, p::opt<use_as>,
                             p::opt<property_block>> {};

struct declaration;
struct declaration_block : block<declaration, unknown_declaration> {};
struct decl_else;
struct decl_if : p::if_must<kw_if, condition, declaration_block, p::opt<decl_else>> {};
struct decl_else : p::if_must<kw_else, p::sor<decl_if, declaration_block>> {};

struct declaration : p::sor<import_decl, topology_decl, param_decl, role_decl, placement_decl,
                            data_decl, component_decl, template_decl, use_decl, decl_if> {};

/// A whole file. Top-level errors recover at the next declaration.
struct top_item : declaration {};
struct file : p::seq<skip, p::star<p::not_at<p::eof>, top_item>, p::eof> {};

#undef WHISK_KW

}  // namespace whisk::grammar
