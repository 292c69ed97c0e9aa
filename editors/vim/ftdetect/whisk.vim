" whisk topologies (whiskc): *.ow
autocmd BufRead,BufNewFile *.ow setfiletype whisk
