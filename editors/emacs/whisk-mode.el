;;; whisk-mode.el --- Major mode for whisk topologies (whiskc, *.ow)  -*- lexical-binding: t; -*-

;; Maintainer: the whiskc project (editors/emacs in its repository)
;; Version: 0.1.0
;; Package-Requires: ((emacs "26.1"))
;; Keywords: languages

;; Licensed under the Apache License, Version 2.0 (see editors/vscode/LICENSE).

;;; Commentary:

;; Highlighting, indentation and comments for whisk, the topology language
;; that whiskc compiles into Kubernetes manifests.
;;
;;   (load "/path/to/whiskc/editors/emacs/whisk-mode.el")
;;
;; opens *.ow files in `whisk-mode'.  M-x compile with "whiskc check FILE"
;; jumps to the diagnostics: whiskc writes them as FILE:LINE:COL, which
;; compilation-mode reads.
;;
;; Keywords are contextual in whisk: a word is a keyword only where the
;; grammar expects it, and `port', `data' or `replicas' are valid names too.
;; So most words are highlighted only inside the statement that gives them a
;; meaning: a statement begins with its keyword at the start of a line (or
;; after the `{' of a one-line block) and goes on over the lines that begin
;; with no such keyword, as the grammar reads them and `whiskc fmt' indents
;; them.  The word lists here are checked
;; against the grammar by tests/editors in the repository.

;;; Code:

(defgroup whisk nil
  "Editing whisk topologies."
  :group 'languages
  :prefix "whisk-")

(defcustom whisk-indent-offset 2
  "Columns of indentation per level of braces and brackets."
  :type 'integer
  :safe #'integerp)

(defface whisk-number-face
  `((t :inherit ,(if (facep 'font-lock-number-face) 'font-lock-number-face 'font-lock-constant-face)))
  "Face for numbers.")

(defface whisk-unit-face
  '((t :inherit font-lock-type-face))
  "Face for the unit of a number: the Mi of 512Mi, the s of 30s, the %.")

(defface whisk-operator-face
  `((t :inherit ,(if (facep 'font-lock-operator-face) 'font-lock-operator-face 'font-lock-keyword-face)))
  "Face for the operators == != = and the range ..")

(defface whisk-escape-face
  `((t :inherit ,(if (facep 'font-lock-escape-face) 'font-lock-escape-face 'font-lock-constant-face)))
  "Face for escapes in strings: \\\" \\n \\$ and the $$ of $$(NAME).")

;;;; The words

(defconst whisk-import-keywords '("import"))
(defconst whisk-declaration-keywords
  '("topology" "param" "role" "placement" "config" "secret" "template" "use"))
(defconst whisk-kinds '("service" "stateful" "daemon" "job" "cron" "external"))
(defconst whisk-property-keywords
  '("image" "run" "args" "port" "env" "cpu" "memory" "ready" "live" "storage" "files"
    "mount" "scratch" "needs" "place" "replicas" "autoscale" "budget" "expose" "can"
    "spawns" "schedule" "retries" "patch" "host"))
(defconst whisk-topology-keywords '("namespace" "isolate" "wait_image"))
(defconst whisk-conditional-keywords '("if" "else"))
(defconst whisk-logical-keywords '("not" "and" "or"))
(defconst whisk-boolean-constants '("true" "false"))
(defconst whisk-types
  '("int" "bool" "string" "quantity" "duration" "port" "percent" "component" "list"))
(defconst whisk-param-words '("in"))
(defconst whisk-role-words '("node" "tainted" "exists" "in"))
(defconst whisk-taint-effects '("NoSchedule" "PreferNoSchedule" "NoExecute"))
(defconst whisk-placement-words
  '("require" "forbid" "prefer" "avoid" "spread" "strict" "near" "apart" "from" "across"))
(defconst whisk-topology-keys '("host" "zone"))
(defconst whisk-data-words '("from"))
(defconst whisk-port-words '("udp"))
(defconst whisk-env-words '("from" "config" "secret" "field"))
(defconst whisk-probe-kinds '("http" "tcp" "exec" "endpoints"))
(defconst whisk-probe-words '("on" "every" "after" "timeout" "failures"))
(defconst whisk-storage-words '("at" "shared" "class" "claim" "access"))
(defconst whisk-access-modes '("rwo" "rwx" "rox" "rwop"))
(defconst whisk-need-words '("started" "ready" "completed" "always"))
(defconst whisk-autoscale-words '("on"))
(defconst whisk-metrics '("cpu" "memory"))
(defconst whisk-budget-kinds '("max_unavailable" "min_available"))
(defconst whisk-expose-words
  '("headless" "as" "clusterip" "nodeport" "loadbalancer" "ingress" "path" "tls"))
(defconst whisk-verbs
  '("get" "list" "watch" "create" "update" "patch" "delete" "deletecollection"))
(defconst whisk-spawn-words '("pods" "exists" "in"))
(defconst whisk-use-words '("as"))
(defconst whisk-patch-constants '("null"))
(defconst whisk-quantity-units
  '("Ki" "Mi" "Gi" "Ti" "Pi" "Ei" "n" "u" "m" "k" "M" "G" "T" "P" "E"))
(defconst whisk-duration-units '("ms" "s" "m" "h"))

(defconst whisk--name "[A-Za-z_][A-Za-z0-9_]*")

(defun whisk--words (words)
  "A regexp for any of WORDS as a whole symbol."
  (concat "\\_<" (regexp-opt words t) "\\_>"))

;;;; Where a position is

(defun whisk--text-p (pos)
  "Whether POS is in a string or a comment."
  (save-excursion (save-match-data (nth 8 (syntax-ppss pos)))))

(defun whisk--in-patch-p (pos)
  "Whether POS is inside the object of a `patch' property."
  (save-excursion
    (save-match-data
      (let ((found nil))
        (dolist (open (nth 9 (syntax-ppss pos)) found)
          (goto-char open)
          (when (and (eq (char-after) ?{)
                     (looking-back "\\_<patch[ \t]*" (line-beginning-position)))
            (setq found t)))))))

(defun whisk--in-data-block-p (pos)
  "Whether POS is in the block of a config or secret."
  (save-excursion
    (save-match-data
      (let ((open (nth 1 (syntax-ppss pos))))
        (and open
             (progn (goto-char open) (back-to-indentation)
                    (looking-at "\\(?:config\\|secret\\)\\_>")))))))

(defun whisk--line-begins-statement-p ()
  "Whether the line at point begins a statement.
Not when it is inside brackets opened on a line before, nor when it goes on
with the item before it (see `whisk--begins-item-p')."
  (let ((open (nth 1 (syntax-ppss (line-beginning-position)))))
    (cond ((null open) (whisk--begins-item-p 'declaration))
          ((eq (whisk--open-kind open) 'object) nil)
          (t (whisk--begins-item-p (whisk--open-kind open))))))

(defun whisk--statement-start (pos)
  "Where the statement that holds POS begins."
  (save-excursion
    (save-match-data
      (goto-char pos)
      (beginning-of-line)
      (while (and (not (bobp)) (not (whisk--line-begins-statement-p)))
        (forward-line -1))
      (let ((bol (point))
            (limit (min pos (line-end-position))))
        ;; A one-line block, or `} else': after the last brace before POS.
        (goto-char limit)
        (while (and (re-search-backward "[{}]" bol t)
                    (whisk--text-p (point))))
        (if (and (memq (char-after) '(?{ ?})) (>= (point) bol) (not (whisk--text-p (point))))
            (forward-char 1)
          (goto-char bol))
        (skip-chars-forward " \t}")
        (point)))))

(defun whisk--statement-keyword (pos)
  "The word that begins the statement that holds POS.
\"patch\" in the object of a patch."
  (if (whisk--in-patch-p pos)
      "patch"
    (save-excursion
      (save-match-data
        (goto-char (whisk--statement-start pos))
        (when (looking-at whisk--name)
          (match-string-no-properties 0))))))

(defun whisk--statement-start-p (pos)
  "Whether the word at POS begins its statement.
Not when it is a key: `x:', `x ='."
  (and (not (whisk--in-patch-p pos))
       (= pos (whisk--statement-start pos))
       (save-excursion
         (save-match-data
           (goto-char pos)
           (skip-syntax-forward "w_")
           (not (looking-at "[ \t]*\\(?::\\|=[^=]\\)"))))))

(defun whisk--matcher (regexp statements &optional group)
  "A font-lock matcher for REGEXP where it is code in a statement of STATEMENTS.
STATEMENTS is a list of the words a statement begins with, t for any
statement, `start' for REGEXP's GROUP beginning a statement, or `data' for
a line of the block of a config or secret."
  (lambda (limit)
    (let ((found nil))
      (while (and (not found) (re-search-forward regexp limit t))
        (let ((pos (match-beginning (or group 0))))
          (when (and (not (whisk--text-p pos))
                     (cond ((eq statements t) t)
                           ((eq statements 'start) (whisk--statement-start-p pos))
                           ((eq statements 'data) (whisk--in-data-block-p pos))
                           (t (member (whisk--statement-keyword pos) statements))))
            (setq found t))))
      found)))

(defun whisk--in-string-matcher (regexp &optional group)
  "A font-lock matcher for REGEXP (its GROUP) inside a string."
  (lambda (limit)
    (let ((found nil))
      (while (and (not found) (re-search-forward regexp limit t))
        (when (save-excursion (save-match-data (nth 3 (syntax-ppss (match-beginning (or group 0))))))
          (setq found t)))
      found)))

;;;; Numbers

(defconst whisk--valid-suffix
  (concat "\\`\\(?:%\\|" (regexp-opt whisk-quantity-units) "\\|[eE][0-9]+\\|"
          "\\(?:" (regexp-opt whisk-duration-units) "\\)"
          "\\(?:[0-9]+\\(?:\\.[0-9]+\\)?\\(?:" (regexp-opt whisk-duration-units) "\\)\\)*\\)\\'")
  "What may follow the digits of a number: a unit the checker knows.")

(defun whisk--match-number (limit)
  "Match a number before LIMIT.
Group 1 is its digits, 2 a unit the checker knows, 3 any other suffix."
  (let ((found nil))
    (while (and (not found) (re-search-forward "-?[0-9]+\\(?:\\.[0-9]+\\)?" limit t))
      (let ((b (match-beginning 0)) (e (match-end 0)))
        (unless (or (whisk--text-p b)
                    (and (> b (point-min)) (memq (char-syntax (char-before b)) '(?w ?_))))
          (let* ((se (save-excursion
                       (goto-char e)
                       (if (looking-at "%\\|[A-Za-z][A-Za-z0-9]*") (match-end 0) e)))
                 (suffix (buffer-substring-no-properties e se))
                 (valid (string-match-p whisk--valid-suffix suffix)))
            (set-match-data (list b se b e
                                  (and (> se e) valid e) (and (> se e) valid se)
                                  (and (> se e) (not valid) e) (and (> se e) (not valid) se)))
            (goto-char se)
            (setq found t)))))
    found))

(defun whisk--match-unit-digits (limit)
  "Match the digits inside a unit, the 30 of 1h30m, before LIMIT."
  (let ((found nil))
    (while (and (not found) (re-search-forward "[0-9]+\\(?:\\.[0-9]+\\)?" limit t))
      (when (eq (get-text-property (1- (match-beginning 0)) 'face) 'whisk-unit-face)
        (setq found t)))
    found))

;;;; Highlighting

(defun whisk--font-lock-keywords ()
  "The highlighting of `whisk-mode'."
  (let* ((kinds (regexp-opt whisk-kinds t))
         (any-kind (regexp-opt whisk-kinds))
         (name (concat "\\(" whisk--name "\\)"))
         (ws "[ \t]+")
         (conditions '("if" "else" "role" "storage")))
    `(;; declarations, at the start of a statement
      (,(whisk--matcher (whisk--words whisk-import-keywords) 'start) 0 font-lock-preprocessor-face)
      (,(whisk--matcher (whisk--words whisk-declaration-keywords) 'start) 0 font-lock-keyword-face)
      (,(whisk--matcher (whisk--words whisk-kinds) 'start) 0 font-lock-type-face)
      (,(whisk--matcher (concat "\\_<\\(?:topology\\|role\\|placement\\|config\\|secret\\|"
                                any-kind "\\)" ws name)
                        '("topology" "role" "placement" "config" "secret"
                          "service" "stateful" "daemon" "job" "cron" "external")
                        1)
       1 font-lock-function-name-face)
      (,(whisk--matcher (concat "\\_<param" ws name) '("param") 1) 1 font-lock-variable-name-face)
      (,(whisk--matcher (concat "\\_<template" ws kinds "\\(?:" ws name "\\)?") '("template") 1)
       (1 font-lock-type-face) (2 font-lock-function-name-face nil t))
      (,(whisk--matcher (concat "\\_<use" ws name) '("use") 1) 1 font-lock-function-name-face)
      (,(whisk--matcher (concat "\\_<\\(as\\)" ws "\\(?:" kinds ws "\\)?" name) '("use") 1)
       (1 font-lock-keyword-face) (2 font-lock-type-face nil t) (3 font-lock-function-name-face))
      (,(whisk--matcher (concat name "[ \t]*:") '("template" "param") 1) 1 font-lock-variable-name-face)
      (,(whisk--matcher (concat name "[ \t]*=[^=]") '("use") 1) 1 font-lock-variable-name-face)
      (,(whisk--matcher (concat "[:[][ \t]*" (whisk--words whisk-types)) '("param" "template") 1)
       1 font-lock-type-face)
      ;; config and secret entries (and the names of an env line that goes on)
      (,(whisk--matcher (concat "^[ \t]*" name "[ \t]*=\\(?:[^=]\\|$\\)") t 1) 1 font-lock-variable-name-face)
      (,(whisk--matcher (concat "^[ \t]*" name ws "\\(from\\)\\_>") 'data 1)
       (1 font-lock-variable-name-face) (2 font-lock-keyword-face))
      (,(whisk--matcher "^[ \t]*\"\\(?:[^\"\\]\\|\\\\.\\)*\"[ \t]*\\(from\\)\\_>" 'data 1) 1 font-lock-keyword-face)
      (,(whisk--matcher (concat "\\_<" name ws "\\(from\\)\\_>") '("config" "secret") 2)
       2 font-lock-keyword-face)
      ;; properties
      (,(whisk--matcher (whisk--words whisk-property-keywords) 'start) 0 font-lock-builtin-face)
      (,(whisk--matcher (whisk--words whisk-topology-keywords) 'start) 0 font-lock-builtin-face)
      (,(whisk--matcher (concat "\\(?:\\_<port" ws "\\|,[ \t\n]*\\)" name) '("port") 1)
       1 font-lock-variable-name-face)
      (,(whisk--matcher (whisk--words whisk-port-words) '("port")) 0 font-lock-keyword-face)
      (,(whisk--matcher (concat "\\_<\\(?:storage\\|scratch\\)" ws name) '("storage" "scratch") 1)
       1 font-lock-variable-name-face)
      (,(whisk--matcher (concat name "[ \t]*=\\(?:[^=]\\|$\\)") '("env") 1) 1 font-lock-variable-name-face)
      (,(whisk--matcher (whisk--words whisk-env-words) '("env")) 0 font-lock-keyword-face)
      (,(whisk--matcher (concat "\\_<\\(?:ready\\|live\\)" ws (whisk--words whisk-probe-kinds))
                        '("ready" "live") 1)
       1 font-lock-keyword-face)
      (,(whisk--matcher (whisk--words whisk-probe-words) '("ready" "live")) 0 font-lock-keyword-face)
      (,(whisk--matcher (whisk--words whisk-storage-words) '("storage")) 0 font-lock-keyword-face)
      (,(whisk--matcher (concat "\\_<access" ws (whisk--words whisk-access-modes)) '("storage") 1)
       1 font-lock-constant-face)
      (,(whisk--matcher (whisk--words '("at")) '("storage" "mount" "scratch")) 0 font-lock-keyword-face)
      (,(whisk--matcher (whisk--words whisk-data-words) '("files" "config" "secret")) 0 font-lock-keyword-face)
      (,(whisk--matcher (whisk--words whisk-need-words) '("needs")) 0 font-lock-keyword-face)
      (,(whisk--matcher (whisk--words whisk-placement-words) '("place" "placement")) 0 font-lock-keyword-face)
      (,(whisk--matcher (concat "\\_<across" ws (whisk--words whisk-topology-keys)) '("place" "placement") 1)
       1 font-lock-constant-face)
      (,(whisk--matcher (whisk--words whisk-autoscale-words) '("autoscale")) 0 font-lock-keyword-face)
      (,(whisk--matcher (concat "\\_<on" ws (whisk--words whisk-metrics)) '("autoscale") 1)
       1 font-lock-constant-face)
      (,(whisk--matcher (whisk--words whisk-budget-kinds) '("budget")) 0 font-lock-constant-face)
      (,(whisk--matcher (whisk--words whisk-expose-words) '("expose")) 0 font-lock-keyword-face)
      (,(whisk--matcher (whisk--words whisk-verbs) '("can")) 0 font-lock-keyword-face)
      (,(whisk--matcher (concat "\\_<" whisk--name "\\(?:/" whisk--name "\\)?\\(?:\\." whisk--name "\\)*")
                        '("can"))
       0 font-lock-type-face)
      (,(whisk--matcher (whisk--words whisk-spawn-words) '("spawns")) 0 font-lock-keyword-face)
      (,(whisk--matcher (concat name "[ \t]*:") '("patch") 1) 1 font-lock-variable-name-face)
      (,(whisk--matcher (whisk--words whisk-patch-constants) '("patch")) 0 font-lock-constant-face)
      (,(whisk--matcher (whisk--words whisk-param-words) '("param")) 0 font-lock-keyword-face)
      (,(whisk--matcher (whisk--words whisk-role-words) '("role")) 0 font-lock-keyword-face)
      (,(whisk--matcher (whisk--words whisk-taint-effects) '("role")) 0 font-lock-constant-face)
      (,(whisk--matcher (whisk--words whisk-use-words) '("use")) 0 font-lock-keyword-face)
      ;; conditions
      (,(whisk--matcher "\\_<else\\_>" t) 0 font-lock-keyword-face)
      (,(whisk--matcher "\\(?:^[ \t]*\\|{[ \t]*\\|\\_<else[ \t]+\\)\\(if\\)\\_>" t 1) 1 font-lock-keyword-face)
      (,(whisk--matcher "\\_<if\\_>" '("role" "storage")) 0 font-lock-keyword-face)
      (,(whisk--matcher (whisk--words whisk-logical-keywords) conditions) 0 font-lock-keyword-face)
      ;; values
      (,(whisk--matcher (whisk--words whisk-boolean-constants) t) 0 font-lock-constant-face)
      (whisk--match-number (1 'whisk-number-face) (2 'whisk-unit-face nil t) (3 font-lock-warning-face nil t))
      (whisk--match-unit-digits 0 'whisk-number-face t)
      (,(whisk--matcher "==\\|!=\\|\\.\\.\\|=" t) 0 'whisk-operator-face)
      ;; inside strings: $(NAME), then ${...}, then escapes
      (,(whisk--in-string-matcher "\\(?:^\\|[^$]\\)\\(\\$(\\(?:[A-Za-z0-9_]\\|\\${[^}\"\n]*}\\)+)\\)" 1)
       1 font-lock-preprocessor-face t)
      (,(whisk--in-string-matcher "\\${[^}\"\n]*}?") 0 font-lock-variable-name-face t)
      (,(whisk--in-string-matcher "\\(\\$\\$\\)(" 1) 1 'whisk-escape-face t)
      (,(whisk--in-string-matcher "\\(\\\\[\"\\\\ntr$]\\)\\|\\(\\\\.\\)")
       (1 'whisk-escape-face t t) (2 font-lock-warning-face t t)))))

;;;; Indentation

;; The layout of `whiskc fmt', `whisk-indent-offset' columns per step:
;; - a line that starts with a closing bracket: as the line of its opening one;
;; - inside a patch object, a list or parentheses: one step more than the line
;;   of the innermost open bracket;
;; - inside a block (of a component, a template, a `use', an `if', the
;;   topology, a config or secret): one step more than the block's line for a
;;   line that begins an item (a property, a declaration, an entry), two for a
;;   line that goes on with the item before it;
;; - outside brackets: a declaration at the margin, a continuation one step in.
;; A line goes on with the item before it when the line before ends with a
;; comma or when it does not begin with the word of an item.

(defun whisk--open-kind (open)
  "What the bracket at OPEN opens.
`object' for a patch object, a list or parentheses; else the block of a
`property', `declaration', `topology' or `data' (a config or secret)."
  (save-excursion
    (goto-char open)
    (if (not (eq (char-after) ?{))
        'object
      (let* ((outer-open (nth 1 (syntax-ppss open)))
             (outer (if outer-open (whisk--open-kind outer-open) 'declaration)))
        (cond
         ((eq outer 'object) 'object)
         ((looking-back "\\_<patch[ \t]*" (line-beginning-position)) 'object)
         (t
          (beginning-of-line)
          (skip-chars-forward " \t}")
          (let ((word (and (looking-at whisk--name) (match-string-no-properties 0))))
            (cond ((equal word "topology") 'topology)
                  ((member word '("config" "secret")) 'data)
                  ((member word whisk-conditional-keywords)
                   (if (eq outer 'property) 'property 'declaration))
                  (t 'property)))))))))

(defun whisk--previous-ends-with-comma-p ()
  "Whether the code line before point's line ends with a comma."
  (save-excursion
    (beginning-of-line)
    (let ((found nil) (done nil))
      (while (and (not done) (zerop (forward-line -1)))
        (end-of-line)
        (let ((ppss (syntax-ppss)))
          (when (nth 4 ppss) (goto-char (nth 8 ppss))))
        (skip-chars-backward " \t")
        (unless (bolp)
          (setq done t found (eq (char-before) ?,))))
      found)))

(defun whisk--begins-item-p (kind)
  "Whether the line at point begins an item of a block of KIND."
  (save-excursion
    (back-to-indentation)
    (cond
     ((looking-at "//") t)
     ((whisk--previous-ends-with-comma-p) nil)
     ((eq kind 'data)
      (looking-at (concat "\\(?:" whisk--name "\\|\"\\(?:[^\"\\]\\|\\\\.\\)*\"\\)"
                          "[ \t]*\\(?:=\\|from\\_>\\)")))
     (t
      (skip-chars-forward "} \t")
      (let ((word (and (looking-at whisk--name) (match-string-no-properties 0))))
        (member word
                (pcase kind
                  ('topology whisk-topology-keywords)
                  ('property (append whisk-property-keywords whisk-conditional-keywords))
                  (_ (append whisk-import-keywords whisk-declaration-keywords whisk-kinds
                             whisk-conditional-keywords)))))))))

(defun whisk-indent-line ()
  "Indent the current line as `whiskc fmt' lays it out."
  (interactive)
  (let* ((open (nth 1 (save-excursion (syntax-ppss (line-beginning-position)))))
         (base (if open (save-excursion (goto-char open) (current-indentation)) 0))
         (indent
          (cond
           ((null open) (if (whisk--begins-item-p 'declaration) 0 whisk-indent-offset))
           ((save-excursion (back-to-indentation) (looking-at "[]})]")) base)
           (t (let ((kind (whisk--open-kind open)))
                (if (or (eq kind 'object) (whisk--begins-item-p kind))
                    (+ base whisk-indent-offset)
                  (+ base (* 2 whisk-indent-offset)))))))
         (offset (- (current-column) (current-indentation))))
    (indent-line-to (max indent 0))
    (when (> offset 0) (forward-char offset))))

;;;; The mode

(defvar whisk-mode-syntax-table
  (let ((table (make-syntax-table)))
    (modify-syntax-entry ?/ ". 12" table)
    (modify-syntax-entry ?\n ">" table)
    (modify-syntax-entry ?\" "\"" table)
    (modify-syntax-entry ?\\ "\\" table)
    (modify-syntax-entry ?_ "_" table)
    (modify-syntax-entry ?' "." table)
    (dolist (char '(?- ?. ?= ?! ?: ?, ?% ?$ ?*))
      (modify-syntax-entry char "." table))
    table)
  "Syntax table of `whisk-mode': // comments, \"strings\", {} [] () brackets.")

(defvar whisk--font-lock-keywords-value (whisk--font-lock-keywords)
  "The font-lock keywords of `whisk-mode', made by `whisk--font-lock-keywords'.")

;;;###autoload
(define-derived-mode whisk-mode prog-mode "Whisk"
  "Major mode for whisk topologies, the language of whiskc (*.ow files).

\\{whisk-mode-map}"
  :syntax-table whisk-mode-syntax-table
  (setq-local comment-start "// ")
  (setq-local comment-end "")
  (setq-local comment-start-skip "//+[ \t]*")
  (setq-local comment-use-syntax t)
  (setq-local indent-line-function #'whisk-indent-line)
  (setq-local indent-tabs-mode nil)
  (setq-local electric-indent-chars (append "{}[]()" electric-indent-chars))
  (setq-local font-lock-defaults '(whisk--font-lock-keywords-value))
  (setq-local font-lock-multiline t)
  ;; What a line means depends on the lines before it (a property goes on
  ;; over lines that begin with no keyword): refontify the lines after a change.
  (setq-local jit-lock-contextually t))

;;;###autoload
(add-to-list 'auto-mode-alist '("\\.ow\\'" . whisk-mode))

;; M-x compile with whiskc: `FILE:LINE:COL: error[E0105]: ...', `warning[W0312]'
;; and `note:' lines, as errors, warnings and information.
(with-eval-after-load 'compile
  (defvar compilation-error-regexp-alist-alist)
  (defvar compilation-error-regexp-alist)
  (add-to-list 'compilation-error-regexp-alist-alist
               '(whiskc "^\\([^ \t\n:][^\n:]*\\):\\([0-9]+\\):\\([0-9]+\\): \\(?:error\\[E[0-9]+\\]\\|\\(warning\\)\\[W[0-9]+\\]\\|\\(note\\)\\):"
                        1 2 3 (4 . 5)))
  (add-to-list 'compilation-error-regexp-alist 'whiskc))

(provide 'whisk-mode)

;;; whisk-mode.el ends here
