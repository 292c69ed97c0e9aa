" Vim syntax file
" Language:    whisk, the topology language of whiskc (*.ow)
" Maintainer:  the whiskc project (editors/vim in its repository)
"
" Keywords are contextual in whisk: a word is a keyword only where the grammar
" expects it, and `port`, `data` or `replicas` are valid names too. So most
" words are highlighted only inside the statement that gives them a meaning:
" a statement begins with its keyword at the start of a line (or after `{`)
" and goes on over the lines that begin with no such keyword (as the grammar
" reads them, and as `whiskc fmt` indents them).
" The word lists here are checked against the grammar by tests/editors.

if exists("b:current_syntax")
  finish
endif
let s:cpo_save = &cpo
set cpo&vim

syn case match
syn sync fromstart

" ------------------------------------------------------------------ lexical

syn keyword whiskTodo contained TODO FIXME XXX NOTE
syn match whiskComment "//.*$" contains=whiskTodo,@Spell

syn region whiskString start=/"/ skip=/\\\\\|\\"/ end=/"/ excludenl end=/$/
      \ contains=whiskEscape,whiskBadEscape,whiskInterp,whiskKubeEscape,whiskKubeVar
syn match whiskBadEscape contained /\\./
syn match whiskEscape contained /\\["\\ntr$]/
" `${NAME}`, `${COMPONENT.host}`: whisk's interpolation.
syn region whiskInterp contained matchgroup=whiskInterpDelim start=/\${/ end=/}/ end=/\ze"/ excludenl end=/$/
      \ contains=whiskInterpPath
syn match whiskInterpPath contained /\h\w*\%(\.\h\w*\)*/
" `$(NAME)`: Kubernetes' own expansion of a container variable; `$$(` escapes it.
syn match whiskKubeEscape contained /\$\$(\@=/
syn region whiskKubeVar contained matchgroup=whiskKubeDelim
      \ start=/\$(\%(\%(\w\|\${[^}"]*}\)\+)\)\@=/ end=/)/ contains=whiskInterp

" Numbers and their units: 3, -1, 1.5Gi, 512Mi, 250m, 30s, 1h30m, 80%, 1e3.
" A suffix the checker does not know (E0303) is an error.
syn match whiskNumber /\w\@1<!-\=\d\+\%(\.\d\+\)\=/ nextgroup=whiskBadUnit,whiskUnit
syn match whiskBadUnit contained /\a\w*/
syn match whiskUnit contained /\%(Ki\|Mi\|Gi\|Ti\|Pi\|Ei\|n\|u\|k\|M\|G\|T\|P\|E\|[eE]\d\+\)\w\@!/
syn match whiskUnit contained /%/
syn match whiskUnit contained /\%(ms\|h\|m\|s\)\%(\%(\d\+\%(\.\d\+\)\=\%(ms\|h\|m\|s\)\)*\w\@!\)\@=/
      \ nextgroup=whiskDurationNumber
syn match whiskDurationNumber contained /\d\+\%(\.\d\+\)\=/ nextgroup=whiskUnit

syn keyword whiskBoolean true false
syn match whiskOperator /==\|!=\|\.\.\|=/

syn cluster whiskValue contains=whiskComment,whiskString,whiskNumber,whiskBoolean,whiskOperator

" ------------------------------------------------------------------ declarations

syn match whiskImport /\%(^\s*\)\@<=\<import\>/

syn match whiskDeclaration /\%(^\s*\)\@<=\<topology\>/ nextgroup=whiskDeclName skipwhite
syn match whiskTopologyProperty /\%(^\s*\|{\s*\)\@<=\<\%(namespace\|isolate\|wait_image\)\>/

syn match whiskDeclName contained /\h\w*/ nextgroup=whiskParameters skipwhite

" A declaration goes on over the lines that begin with no declaration word.
let s:declaration_end = '\n\%(\_s*\%(\<\%(import\|topology\|param\|role\|placement\|config\|secret\|service\|stateful\|daemon\|job\|cron\|external\|template\|use\|if\|else\)\>\|}\|\/\/\)\)\@='

execute 'syn region whiskParamStatement matchgroup=whiskDeclaration start=/\%(^\s*\)\@<=\<param\>/ end=/' . s:declaration_end . '/'
      \ . ' contains=whiskParamName,whiskTypeAnnotation,whiskIn,@whiskValue'
syn match whiskParamName contained /\%(\<param\s\+\)\@<=\h\w*/
syn region whiskTypeAnnotation contained matchgroup=whiskOperator start=/:/ end=/\ze\%(=\|\<in\>\|[,)]\|\/\/\)/ excludenl end=/$/
      \ contains=whiskType
syn keyword whiskType contained int bool string quantity duration port percent component list
syn keyword whiskIn contained in

execute 'syn region whiskRoleStatement matchgroup=whiskDeclaration start=/\%(^\s*\)\@<=\<role\>/ end=/' . s:declaration_end . '/'
      \ . ' contains=whiskRoleName,whiskRoleWord,whiskTaintEffect,whiskIn,whiskStatementIf,whiskLogical,@whiskValue'
syn match whiskRoleName contained /\%(\<role\s\+\)\@<=\h\w*/
syn keyword whiskRoleWord contained node tainted exists
syn keyword whiskTaintEffect contained NoSchedule PreferNoSchedule NoExecute
syn keyword whiskStatementIf contained if
syn keyword whiskLogical contained not and or

execute 'syn region whiskPlacementStatement matchgroup=whiskDeclaration start=/\%(^\s*\)\@<=\<placement\>/ end=/' . s:declaration_end . '/'
      \ . ' contains=whiskPlacementName,@whiskPlace'
syn match whiskPlacementName contained /\%(\<placement\s\+\)\@<=\h\w*/

syn match whiskDeclaration /\%(^\s*\)\@<=\<\%(config\|secret\)\>/ nextgroup=whiskDataName skipwhite
syn match whiskDataName contained /\h\w*/ nextgroup=whiskDataFrom skipwhite
syn keyword whiskDataFrom contained from
" The entries of a config or secret, `KEY = VALUE` and `KEY from "FILE"` (also
" the names of an `env` line that goes on after a comma).
syn match whiskKey /\%(^\s*\)\@<=\h\w*\%(\s*=[^=]\)\@=/
syn match whiskKey /\%(^\s*\)\@<=\h\w*\%(\s\+from\>\)\@=/ nextgroup=whiskDataFrom skipwhite
syn match whiskDataFrom /\%(^\s*"\%([^"\\]\|\\.\)*"\s*\)\@<=\<from\>/

syn match whiskKind /\%(^\s*\)\@<=\<\%(service\|stateful\|daemon\|job\|cron\|external\)\>/ nextgroup=whiskDeclName skipwhite

syn match whiskDeclaration /\%(^\s*\)\@<=\<template\>/ nextgroup=whiskTemplateKind skipwhite
syn keyword whiskTemplateKind contained service stateful daemon job cron external nextgroup=whiskDeclName skipwhite
syn region whiskParameters contained matchgroup=whiskParens start=/(/ end=/)/
      \ contains=whiskParameterName,whiskTypeAnnotation,@whiskValue
syn match whiskParameterName contained /\h\w*\%(\s*:\)\@=/

execute 'syn region whiskUseStatement matchgroup=whiskDeclaration start=/\%(^\s*\)\@<=\<use\>/ end=/\ze{/ end=/' . s:declaration_end . '/'
      \ . ' contains=whiskUsedTemplate,whiskArguments,whiskAs,@whiskValue'
syn match whiskUsedTemplate contained /\%(\<use\s\+\)\@<=\h\w*/
syn region whiskArguments contained matchgroup=whiskParens start=/(/ end=/)/
      \ contains=whiskParameterName,whiskArgumentName,@whiskValue
syn match whiskArgumentName contained /\h\w*\%(\s*=[^=]\)\@=/
syn keyword whiskAs contained as nextgroup=whiskAsKind,whiskDeclName skipwhite
syn keyword whiskAsKind contained service stateful daemon job cron external nextgroup=whiskDeclName skipwhite

" `if COND {` and `} else if COND {`, at the top level and in blocks alike.
syn region whiskIfStatement matchgroup=whiskConditional start=/\%(^\s*\|\<else\s\+\)\@<=\<if\>/ end=/\ze{/ end=/$/
      \ contains=whiskLogical,@whiskValue
syn keyword whiskConditional else

" ------------------------------------------------------------------ properties

" A property begins at the start of a line, or after the `{` of a one-line
" block, and goes on over the lines that begin with no property word.
let s:property_end = '\n\%(\_s*\%(\<\%(image\|run\|args\|port\|env\|cpu\|memory\|ready\|live\|storage\|files\|mount\|scratch\|needs\|place\|replicas\|autoscale\|budget\|expose\|can\|spawns\|schedule\|retries\|patch\|host\|if\|else\)\>\|}\|\/\/\)\)\@='

function! s:Property(group, keywords, contains) abort
  execute 'syn region ' . a:group . ' matchgroup=whiskProperty start=/\%(^\s*\|{\s*\)\@<=' . a:keywords . '/'
        \ . ' end=/\ze}/ end=/' . s:property_end . '/ contains=' . join(a:contains + ['@whiskValue'], ',')
endfunction

call s:Property('whiskValueProperty', '\<\%(image\|run\|args\|cpu\|memory\|replicas\|schedule\|retries\|host\)\>', [])
call s:Property('whiskPortProperty', '\<port\>', ['whiskPortName', 'whiskUdp'])
syn match whiskPortName contained /\%(\<port\s\+\|,\_s*\)\@<=\h\w*/
syn keyword whiskUdp contained udp

call s:Property('whiskEnvProperty', '\<env\>', ['whiskEnvFrom', 'whiskEnvName', 'whiskEnvSource'])
syn keyword whiskEnvFrom contained from nextgroup=whiskEnvSource skipwhite
syn keyword whiskEnvSource contained config secret field
syn match whiskEnvName contained /\h\w*\%(\s*=[^=]\)\@=/

call s:Property('whiskProbeProperty', '\<\%(ready\|live\)\>', ['whiskProbeWord', 'whiskProbeRef'])
syn keyword whiskProbeWord contained http exec endpoints every after timeout failures
syn keyword whiskProbeRef contained tcp on nextgroup=whiskReference skipwhite
syn match whiskReference contained /\h\w*/

call s:Property('whiskStorageProperty', '\<storage\>', ['whiskVolumeName', 'whiskStorageWord', 'whiskAccess', 'whiskStatementIf', 'whiskLogical'])
syn match whiskVolumeName contained /\%(\<\%(storage\|scratch\)\s\+\)\@<=\h\w*/
syn keyword whiskStorageWord contained at shared class claim
syn keyword whiskAccess contained access nextgroup=whiskAccessMode skipwhite
syn keyword whiskAccessMode contained rwo rwx rox rwop

call s:Property('whiskFilesProperty', '\<files\>', ['whiskFrom'])
syn keyword whiskFrom contained from
call s:Property('whiskMountProperty', '\<\%(mount\|scratch\)\>', ['whiskVolumeName', 'whiskAt'])
syn keyword whiskAt contained at

call s:Property('whiskNeedsProperty', '\<needs\>', ['whiskNeedWord'])
syn keyword whiskNeedWord contained started ready completed always

call s:Property('whiskPlaceProperty', '\<place\>', ['@whiskPlace'])
syn cluster whiskPlace contains=whiskPlaceWord,whiskAcross,@whiskValue
syn keyword whiskPlaceWord contained require forbid prefer avoid spread strict near apart from
syn keyword whiskAcross contained across nextgroup=whiskTopologyKey skipwhite
syn keyword whiskTopologyKey contained host zone

call s:Property('whiskAutoscaleProperty', '\<autoscale\>', ['whiskOn'])
syn keyword whiskOn contained on nextgroup=whiskMetric skipwhite
syn keyword whiskMetric contained cpu memory

call s:Property('whiskBudgetProperty', '\<budget\>', ['whiskBudgetKind'])
syn keyword whiskBudgetKind contained max_unavailable min_available

call s:Property('whiskExposeProperty', '\<expose\>', ['whiskExposeWord'])
syn keyword whiskExposeWord contained headless as clusterip nodeport loadbalancer ingress path tls

call s:Property('whiskCanProperty', '\<can\>', ['whiskVerb', 'whiskResource'])
syn match whiskResource contained /\h\w*\%(\/\h\w*\)\=\%(\.\h\w*\)*/
syn keyword whiskVerb contained get list watch create update patch delete deletecollection

call s:Property('whiskSpawnsProperty', '\<spawns\>', ['whiskSpawnWord', 'whiskIn'])
syn keyword whiskSpawnWord contained pods exists

call s:Property('whiskPatchProperty', '\<patch\>', ['whiskObject'])
syn region whiskObject contained matchgroup=whiskBrace start=/{/ end=/}/
      \ contains=whiskObject,whiskObjectKey,whiskNull,@whiskValue
syn match whiskObjectKey contained /\h\w*\%(\s*:\)\@=/
syn keyword whiskNull contained null

delfunction s:Property
unlet s:property_end s:declaration_end

" ------------------------------------------------------------------ colours

hi def link whiskTodo             Todo
hi def link whiskComment          Comment
hi def link whiskString           String
hi def link whiskEscape           SpecialChar
hi def link whiskBadEscape        Error
hi def link whiskInterpDelim      Delimiter
hi def link whiskInterpPath       Identifier
hi def link whiskKubeEscape       SpecialChar
hi def link whiskKubeDelim        PreProc
hi def link whiskKubeVar          PreProc
hi def link whiskNumber           Number
hi def link whiskDurationNumber   Number
hi def link whiskUnit             Special
hi def link whiskBadUnit          Error
hi def link whiskBoolean          Boolean
hi def link whiskNull             Constant
hi def link whiskOperator         Operator

hi def link whiskImport           Include
hi def link whiskDeclaration      Keyword
hi def link whiskKind             Structure
hi def link whiskTemplateKind     Structure
hi def link whiskAsKind           Structure
hi def link whiskConditional      Conditional
hi def link whiskStatementIf      Conditional
hi def link whiskLogical          Operator
hi def link whiskDeclName         Function
hi def link whiskDataName         Function
hi def link whiskRoleName         Function
hi def link whiskPlacementName    Function
hi def link whiskUsedTemplate     Function
hi def link whiskParamName        Identifier
hi def link whiskParameterName    Identifier
hi def link whiskArgumentName     Identifier
hi def link whiskKey              Identifier
hi def link whiskObjectKey        Identifier
hi def link whiskType             Type
hi def link whiskIn               Keyword
hi def link whiskRoleWord         Keyword
hi def link whiskTaintEffect      Constant
hi def link whiskDataFrom         Keyword
hi def link whiskAs               Keyword

hi def link whiskTopologyProperty Statement
hi def link whiskProperty         Statement
hi def link whiskPortName         Identifier
hi def link whiskUdp              Keyword
hi def link whiskEnvFrom          Keyword
hi def link whiskEnvSource        Keyword
hi def link whiskEnvName          Identifier
hi def link whiskProbeWord        Keyword
hi def link whiskProbeRef         Keyword
hi def link whiskVolumeName       Identifier
hi def link whiskStorageWord      Keyword
hi def link whiskAccess           Keyword
hi def link whiskAccessMode       Constant
hi def link whiskFrom             Keyword
hi def link whiskAt               Keyword
hi def link whiskNeedWord         Keyword
hi def link whiskPlaceWord        Keyword
hi def link whiskAcross           Keyword
hi def link whiskTopologyKey      Constant
hi def link whiskOn               Keyword
hi def link whiskMetric           Constant
hi def link whiskBudgetKind       Constant
hi def link whiskExposeWord       Keyword
hi def link whiskVerb             Keyword
hi def link whiskResource         Type
hi def link whiskSpawnWord        Keyword

let b:current_syntax = "whisk"

let &cpo = s:cpo_save
unlet s:cpo_save
