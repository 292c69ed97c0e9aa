" Vim indent file
" Language:    whisk, the topology language of whiskc (*.ow)
" Maintainer:  the whiskc project (editors/vim in its repository)
"
" The layout of `whiskc fmt`, one 'shiftwidth' per step:
" - a line that starts with a closing bracket: as the line of its opening one;
" - inside a patch object, a list or parentheses: one step more than the line
"   of the innermost open bracket;
" - inside a block (of a component, a template, a `use`, an `if`, the topology,
"   a config or secret): one step more than the block's line for a line that
"   begins an item (a property, a declaration, an entry), two for a line that
"   goes on with the item before it;
" - outside brackets: a declaration at the margin, a continuation one step in.
" A line goes on with the item before it when the line before ends with a
" comma or when it does not begin with the word of an item. Brackets in
" strings and comments do not count.

if exists("b:did_indent")
  finish
endif
let b:did_indent = 1

setlocal indentexpr=GetWhiskIndent(v:lnum)
setlocal indentkeys=0{,0},0],0),!^F,o,O,e
setlocal nolisp nosmartindent autoindent

let b:undo_indent = "setlocal indentexpr< indentkeys< lisp< smartindent< autoindent<"

if exists("*GetWhiskIndent")
  finish
endif
let s:cpo_save = &cpo
set cpo&vim

" The words that begin an item: those of grammar/keywords.h (checked by
" tests/editors), with `if` and `else`.
let s:declaration_words = ['import', 'topology', 'param', 'role', 'placement', 'config', 'secret',
      \ 'service', 'stateful', 'daemon', 'job', 'cron', 'external', 'template', 'use', 'if', 'else']
let s:property_words = ['image', 'run', 'args', 'port', 'env', 'cpu', 'memory', 'ready', 'live',
      \ 'storage', 'files', 'mount', 'scratch', 'needs', 'place', 'replicas', 'autoscale', 'budget',
      \ 'expose', 'can', 'spawns', 'schedule', 'retries', 'patch', 'host', 'if', 'else']
let s:topology_words = ['namespace', 'isolate', 'wait_image']

" Whether the character at (lnum, col) is in a string or a comment. Strings
" end on their line and comments are `//`, so the line up to it tells.
function! s:InText(lnum, col) abort
  " What is left of the line before it once its whole strings are taken out.
  let rest = substitute(strpart(getline(a:lnum), 0, a:col - 1), '"\%([^"\\]\|\\.\)*"', '', 'g')
  return rest =~# '"\|//'
endfunction

" Line lnum without its comment and the spaces before it.
function! s:Code(lnum) abort
  let line = getline(a:lnum)
  let end = match(line, '//')
  while end >= 0 && s:InText(a:lnum, end + 1)
    let end = match(line, '//', end + 1)
  endwhile
  return substitute(end >= 0 ? strpart(line, 0, end) : line, '\s\+$', '', '')
endfunction

" The innermost bracket open before (lnum, col): [lnum, col], [0, 0] if none.
function! s:Open(lnum, col) abort
  let view = winsaveview()
  call cursor(a:lnum, a:col)
  let found = searchpairpos('[{[(]', '', '[}\])]', 'bnW', {-> s:InText(line('.'), col('.'))})
  call winrestview(view)
  return found
endfunction

" What the bracket at (lnum, col) opens: 'object' (a patch object, a list,
" parentheses), or the block of a 'property', 'declaration', 'topology' or
" 'data' (a config or secret).
function! s:Kind(lnum, col) abort
  let line = getline(a:lnum)
  if line[a:col - 1] !=# '{'
    return 'object'
  endif
  let before = strpart(line, 0, a:col - 1)
  if before =~# '\<patch\s*$'
    return 'object'
  endif
  let [olnum, ocol] = s:Open(a:lnum, a:col)
  let outer = olnum > 0 ? s:Kind(olnum, ocol) : 'declaration'
  if outer ==# 'object'
    return 'object'
  endif
  let word = matchstr(before, '^[ \t}]*\zs\h\w*')
  if word ==# 'topology'
    return 'topology'
  elseif word ==# 'config' || word ==# 'secret'
    return 'data'
  elseif word ==# 'if' || word ==# 'else'
    return outer ==# 'property' ? 'property' : 'declaration'
  endif
  return 'property'
endfunction

" Whether line lnum begins an item of a block of that kind.
function! s:BeginsItem(lnum, kind) abort
  let line = getline(a:lnum)
  if line =~# '^\s*//'
    return 1
  endif
  let previous = prevnonblank(a:lnum - 1)
  while previous > 0 && getline(previous) =~# '^\s*//'
    let previous = prevnonblank(previous - 1)
  endwhile
  if previous > 0 && s:Code(previous) =~# ',$'
    return 0
  endif
  let word = matchstr(line, '^\s*[}]\=\s*\zs\h\w*')
  if a:kind ==# 'data'
    return line =~# '^\s*\%(\h\w*\|"\%([^"\\]\|\\.\)*"\)\s*\%(=\|from\>\)'
  elseif a:kind ==# 'topology'
    return index(s:topology_words, word) >= 0
  elseif a:kind ==# 'property'
    return index(s:property_words, word) >= 0
  endif
  return index(s:declaration_words, word) >= 0
endfunction

function! GetWhiskIndent(lnum) abort
  let [olnum, ocol] = s:Open(a:lnum, 1)
  if olnum <= 0
    return s:BeginsItem(a:lnum, 'declaration') ? 0 : shiftwidth()
  endif
  let base = indent(olnum)
  if getline(a:lnum) =~# '^\s*[}\])]'
    return base
  endif
  let kind = s:Kind(olnum, ocol)
  if kind ==# 'object' || s:BeginsItem(a:lnum, kind)
    return base + shiftwidth()
  endif
  return base + 2 * shiftwidth()
endfunction

let &cpo = s:cpo_save
unlet s:cpo_save
