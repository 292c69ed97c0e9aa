" Vim filetype plugin
" Language:    whisk, the topology language of whiskc (*.ow)
" Maintainer:  the whiskc project (editors/vim in its repository)

if exists("b:did_ftplugin")
  finish
endif
let b:did_ftplugin = 1

let s:cpo_save = &cpo
set cpo&vim

setlocal comments=:// commentstring=//\ %s
setlocal formatoptions-=t formatoptions+=croql
setlocal suffixesadd=.ow
let b:undo_ftplugin = "setlocal comments< commentstring< formatoptions< suffixesadd<"

" The layout of the whisk examples: two spaces. let g:whisk_recommended_style = 0
" in your vimrc keeps your own.
if get(g:, "whisk_recommended_style", 1)
  setlocal expandtab shiftwidth=2 softtabstop=2
  let b:undo_ftplugin .= " expandtab< shiftwidth< softtabstop<"
endif

" :make runs `whiskc check` on the file and jumps to its diagnostics
" (compiler/whiskc.vim). let g:whisk_no_compiler = 1 leaves 'makeprg' alone.
if !get(g:, "whisk_no_compiler", 0)
  compiler whiskc
  let b:undo_ftplugin .= " | setlocal makeprg< errorformat< | unlet! b:current_compiler"
endif

let &cpo = s:cpo_save
unlet s:cpo_save
