" The checks of editors.vim, run by vim.sh in a headless Vim that loaded
" editors/vim (set rtp+=editors/vim, filetype plugin indent on, syntax on).
" Reads $WHISK_ROOT (the repository), $WHISK_WORK (vim.sh's scratch
" directory, with the files prepare.sh made) and writes its findings, one line
" each, to $WHISK_WORK/vim-results.txt: `ok ...` or `FAIL ...`, then `done`.

let s:root = $WHISK_ROOT
let s:work = $WHISK_WORK
let s:results = []

function! s:Ok(message) abort
  call add(s:results, 'ok ' . a:message)
endfunction

function! s:Fail(message) abort
  call add(s:results, 'FAIL ' . a:message)
endfunction

function! s:Check(condition, message) abort
  if a:condition
    call s:Ok(a:message)
  else
    call s:Fail(a:message)
  endif
endfunction

" The group a highlight group links to, '-' when none.
function! s:Link(group) abort
  if a:group ==# ''
    return '-'
  endif
  let m = matchlist(execute('highlight ' . a:group), 'links to \(\w\+\)')
  return empty(m) ? '-' : m[1]
endfunction

try
  " ---------------------------------------------------------- detection, ftplugin, compiler
  execute 'edit ' . fnameescape(s:root . '/tests/editors/sample.ow')
  call s:Check(&filetype ==# 'whisk', 'ftdetect: sample.ow has filetype whisk (' . &filetype . ')')
  call s:Check(get(b:, 'current_syntax', '') ==# 'whisk', 'syntax/whisk.vim is loaded')
  call s:Check(&commentstring ==# '// %s', "ftplugin: commentstring is '// %s' (" . &commentstring . ')')
  call s:Check(&comments ==# '://', "ftplugin: comments is '://' (" . &comments . ')')
  call s:Check(&indentexpr =~# '^GetWhiskIndent(', 'indent: indentexpr is GetWhiskIndent (' . &indentexpr . ')')
  call s:Check(get(b:, 'current_compiler', '') ==# 'whiskc', 'ftplugin: the compiler is whiskc')
  call s:Check(&makeprg =~# '^whiskc check ', 'compiler: makeprg runs whiskc check (' . &makeprg . ')')

  " ---------------------------------------------------------- highlighting at the positions of expect.txt
  let classes = {}
  let positions = 0
  let failed = 0
  let lnum = 0
  for line in readfile(s:root . '/tests/editors/expect.txt')
    let lnum += 1
    if line =~# '^\s*\%(#\|$\)'
      continue
    endif
    let fields = split(line)
    if fields[0] ==# 'class'
      let classes[fields[1]] = split(fields[3], '|')
      continue
    endif
    let [l, c] = map(split(fields[0], ':'), 'str2nr(v:val)')
    let [text, class] = [fields[1], fields[2]]
    let positions += 1
    let where = printf('expect.txt:%d: sample.ow:%d:%d %s', lnum, l, c, text)
    if strpart(getline(l), c - 1, strlen(text)) !=# text
      call s:Fail(where . ': the text there is ' . string(strpart(getline(l), c - 1, strlen(text))))
      let failed += 1
      continue
    endif
    let group = synIDattr(synID(l, c, 1), 'name')
    let link = s:Link(group)
    let wanted = classes[class]
    if index(wanted, link) < 0 || (link !=# '-' && group !~# '^whisk')
      call s:Fail(printf('%s: expected a group linked to %s (%s), got %s -> %s', where, join(wanted, '|'), class, group ==# '' ? '(none)' : group, link))
      let failed += 1
    endif
  endfor
  call s:Check(failed == 0, printf('syntax: %d positions of sample.ow have their group (%d wrong)', positions, failed))

  " ---------------------------------------------------------- keywords that begin a line
  " A declaration, property or topology word of grammar/keywords.h (prepare.sh
  " wrote them to line-keywords.txt) at the start of a line is always that
  " keyword, as the grammar reads it: it must be highlighted (unless it is a
  " key, followed by `:` or `=`).
  let line_keywords = readfile(s:work . '/line-keywords.txt')
  let checked = 0
  let unhighlighted = []
  for l in range(1, line('$'))
    let m = matchstrpos(getline(l), '^\s*\zs\h\w*')
    if m[1] >= 0 && index(line_keywords, m[0]) >= 0 && getline(l) !~# '^\s*\h\w*\s*[:=]'
      let checked += 1
      if s:Link(synIDattr(synID(l, m[1] + 1, 1), 'name')) ==# '-'
        call add(unhighlighted, l . ':' . m[0])
      endif
    endif
  endfor
  call s:Check(checked > 50 && empty(unhighlighted), printf('syntax: the %d keywords that begin a line of sample.ow are highlighted', checked)
        \ . (empty(unhighlighted) ? '' : ': not ' . join(unhighlighted, ', ')))

  " ---------------------------------------------------------- indentation
  " prepare.sh wrote badly indented copies (bad-*.ow) of sample.ow, of every
  " example and stdlib file and of whiskc fmt's golden outputs, with their
  " originals listed in indent-files.txt: `BAD ORIGINAL` per line.
  let reindented = 0
  for pair in readfile(s:work . '/indent-files.txt')
    let [bad, original] = split(pair)
    execute 'edit! ' . fnameescape(bad)
    normal! gg=G
    let got = getline(1, '$')
    let want = readfile(original)
    if got ==# want
      let reindented += 1
    else
      let i = 0
      while i < len(want) && i < len(got) && got[i] ==# want[i]
        let i += 1
      endwhile
      call s:Fail(printf('indent: gg=G on a badly indented %s differs at line %d: %s (want %s)',
            \ fnamemodify(original, ':t'), i + 1, string(get(got, i, '')), string(get(want, i, ''))))
    endif
    bwipeout!
  endfor
  call s:Ok(printf('indent: gg=G restores %d badly indented files', reindented))

  " ---------------------------------------------------------- :make and the errorformat
  " prepare.sh wrote broken.ow and whiskc's diagnostics for it, parsed by sed
  " into expected-qf.txt: `FILE|LINE|COL|TYPE|NUMBER|TEXT`.
  execute 'edit! ' . fnameescape(s:work . '/broken.ow')
  let expected = readfile(s:work . '/expected-qf.txt')
  for how in ['make', 'cgetexpr']
    if how ==# 'make'
      silent make!
    else
      " :cgetexpr reads the global 'errorformat'; :compiler set the local one.
      let &g:errorformat = &l:errorformat
      cgetexpr readfile(s:work . '/broken.out')
    endif
    let got = []
    for e in getqflist()
      if e.valid
        call add(got, printf('%s|%d|%d|%s|%d|%s', fnamemodify(bufname(e.bufnr), ':t'), e.lnum, e.col, e.type, e.nr, e.text))
      endif
    endfor
    if got ==# expected
      call s:Ok(printf(':%s: %d quickfix entries, each at the file, line and column of its diagnostic: %s', how, len(got), join(got, ' / ')))
    else
      call s:Fail(printf(':%s gave %s, expected %s', how, string(got), string(expected)))
    endif
  endfor
catch
  call s:Fail('Vim error: ' . v:exception . ' at ' . v:throwpoint)
endtry

call add(s:results, 'done')
call writefile(s:results, s:work . '/vim-results.txt')
qall!
