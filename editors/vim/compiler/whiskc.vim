" Vim compiler file
" Compiler:    whiskc check, for whisk topologies (*.ow)
" Maintainer:  the whiskc project (editors/vim in its repository)
"
" :make checks the current file; the quickfix list gets every error, warning
" and note at its file, line and column, with whiskc's code as the number
" (`error[E0105]` is error 105, `warning[W0312]` warning 312). The source
" lines, carets and `= help:` lines that follow each diagnostic are skipped.

if exists("current_compiler")
  finish
endif
let current_compiler = "whiskc"

if exists(":CompilerSet") != 2
  command -nargs=* CompilerSet setlocal <args>
endif

let s:cpo_save = &cpo
set cpo&vim

CompilerSet makeprg=whiskc\ check\ --color=never\ %:S
CompilerSet errorformat=
      \%f:%l:%c:\ %trror[E%n]:\ %m,
      \%f:%l:%c:\ %tarning[W%n]:\ %m,
      \%f:%l:%c:\ %tote:\ %m,
      \%-G%.%#

let &cpo = s:cpo_save
unlet s:cpo_save
