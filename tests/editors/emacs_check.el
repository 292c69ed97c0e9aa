;;; emacs_check.el --- the checks of editors.emacs  -*- lexical-binding: t; -*-

;; Run by emacs.sh: emacs --batch -Q -l editors/emacs/whisk-mode.el -l emacs_check.el
;; with WHISK_ROOT (the repository) and WHISK_WORK (emacs.sh's scratch
;; directory, with the files prepare.sh made) in the environment. Prints `ok ...'
;; and `FAIL ...' lines and exits 1 when a check failed.

;;; Code:

(require 'compile)
(require 'subr-x)

(defvar whisk-check-failures 0)

(defun whisk-check (condition message &rest args)
  "Report MESSAGE (formatted with ARGS) as ok when CONDITION, else as a failure."
  (let ((text (apply #'format message args)))
    (if condition
        (princ (format "ok %s\n" text))
      (setq whisk-check-failures (1+ whisk-check-failures))
      (princ (format "FAIL %s\n" text)))))

(defun whisk-check-file (path)
  "The contents of PATH."
  (with-temp-buffer (insert-file-contents path) (buffer-string)))

(let* ((root (getenv "WHISK_ROOT"))
       (work (getenv "WHISK_WORK"))
       (sample (expand-file-name "tests/editors/sample.ow" root)))

  ;; ------------------------------------------------------------ mode, comments
  (find-file sample)
  (whisk-check (eq major-mode 'whisk-mode) "auto-mode-alist: sample.ow opens in whisk-mode (%s)" major-mode)
  (whisk-check (derived-mode-p 'prog-mode) "whisk-mode derives from prog-mode")
  (whisk-check (equal comment-start "// ") "comment-start is \"// \" (%S)" comment-start)
  (whisk-check (eq indent-line-function 'whisk-indent-line) "indent-line-function is whisk-indent-line")
  (with-temp-buffer
    (whisk-mode)
    (insert "image \"a//b\" // a comment\nport x 1\n")
    (goto-char (point-min))
    (search-forward "a//b")
    (whisk-check (and (nth 3 (syntax-ppss)) (not (nth 4 (syntax-ppss))))
                 "syntax table: // in a string is string, not a comment")
    (search-forward "a comm")
    (whisk-check (nth 4 (syntax-ppss)) "syntax table: // starts a comment")
    (forward-line 1)
    (whisk-check (not (nth 4 (syntax-ppss))) "syntax table: the comment ends with its line")
    (comment-region (line-beginning-position) (line-end-position))
    (whisk-check (equal (buffer-substring (line-beginning-position) (line-end-position)) "// port x 1")
                 "comment-region writes // (%S)" (buffer-substring (line-beginning-position) (line-end-position))))

  ;; ------------------------------------------------------------ faces at the positions of expect.txt
  (font-lock-ensure)
  (let ((classes (make-hash-table :test 'equal))
        (positions 0)
        (wrong 0)
        (lnum 0))
    (dolist (line (split-string (whisk-check-file (expand-file-name "tests/editors/expect.txt" root)) "\n"))
      (setq lnum (1+ lnum))
      (unless (string-match-p "\\`[ \t]*\\(#\\|\\'\\)" line)
        (let ((fields (split-string line)))
          (if (equal (car fields) "class")
              (puthash (nth 1 fields) (intern (nth 4 fields)) classes)
            (let* ((at (mapcar #'string-to-number (split-string (nth 0 fields) ":")))
                   (text (nth 1 fields))
                   (class (nth 2 fields))
                   (wanted (gethash class classes))
                   (pos (save-excursion
                          (goto-char (point-min))
                          (forward-line (1- (car at)))
                          (+ (point) (1- (cadr at)))))
                   (face (get-text-property pos 'face))
                   (faces (if (listp face) face (list face)))
                   (where (format "expect.txt:%d: sample.ow:%d:%d %s" lnum (car at) (cadr at) text)))
              (setq positions (1+ positions))
              (cond
               ((not (equal (buffer-substring-no-properties pos (min (point-max) (+ pos (length text)))) text))
                (setq wrong (1+ wrong))
                (whisk-check nil "%s: the text there is %S" where
                             (buffer-substring-no-properties pos (min (point-max) (+ pos (length text))))))
               ((if (eq wanted 'nil) (not (null face)) (not (memq wanted faces)))
                (setq wrong (1+ wrong))
                (whisk-check nil "%s: expected %s (%s), got %S" where wanted class face))))))))
    (whisk-check (= wrong 0) "font-lock: %d positions of sample.ow have their face (%d wrong)" positions wrong))

  ;; ------------------------------------------------------------ keywords that begin a line
  ;; A declaration, property or topology word of grammar/keywords.h (prepare.sh
  ;; wrote them to line-keywords.txt) at the start of a line is always that
  ;; keyword, as the grammar reads it: it must have a face (unless it is a
  ;; key, followed by `:' or `=').
  (let ((words (split-string (whisk-check-file (expand-file-name "line-keywords.txt" work)) "\n" t))
        (checked 0)
        (bare '()))
    (goto-char (point-min))
    (while (re-search-forward "^[ \t]*\\([A-Za-z_][A-Za-z0-9_]*\\)" nil t)
      (when (and (member (match-string 1) words) (not (looking-at "[ \t]*[:=]")))
        (setq checked (1+ checked))
        (unless (get-text-property (match-beginning 1) 'face)
          (push (format "%d:%s" (line-number-at-pos) (match-string 1)) bare))))
    (whisk-check (and (> checked 50) (null bare))
                 "font-lock: the %d keywords that begin a line of sample.ow have a face%s" checked
                 (if bare (concat ": not " (string-join (nreverse bare) ", ")) "")))

  ;; ------------------------------------------------------------ indentation
  ;; prepare.sh wrote badly indented copies of sample.ow, of every example and
  ;; stdlib file and of whiskc fmt's golden outputs: `BAD ORIGINAL' per line of
  ;; indent-files.txt.
  (let ((restored 0))
    (dolist (pair (split-string (whisk-check-file (expand-file-name "indent-files.txt" work)) "\n" t))
      (let* ((files (split-string pair))
             (want (whisk-check-file (nth 1 files))))
        (with-temp-buffer
          (insert-file-contents (nth 0 files))
          (whisk-mode)
          (let ((inhibit-message t))
            (indent-region (point-min) (point-max)))
          (if (equal (buffer-string) want)
              (setq restored (1+ restored))
            (let ((got (split-string (buffer-string) "\n"))
                  (lines (split-string want "\n"))
                  (i 0))
              (while (and (< i (length lines)) (equal (nth i got) (nth i lines)))
                (setq i (1+ i)))
              (whisk-check nil "indent-region on a badly indented %s differs at line %d: %S (want %S)"
                           (file-name-nondirectory (nth 1 files)) (1+ i) (nth i got) (nth i lines)))))))
    (whisk-check t "indent-region restores %d badly indented files" restored))

  ;; ------------------------------------------------------------ M-x compile
  ;; compilation-mode finds whiskc's diagnostics for broken.ow (prepare.sh
  ;; wrote its output to broken.out) at their line and column, as an error (2), a
  ;; warning (1) or information (0).
  (with-current-buffer (find-file-noselect (expand-file-name "broken.out" work))
    (let ((default-directory (file-name-as-directory work))
          (found '()))
      (compilation-mode)
      (font-lock-ensure)
      (goto-char (point-min))
      (while (not (eobp))
        (let ((message (get-text-property (point) 'compilation-message)))
          (when message
            (let ((loc (compilation--message->loc message)))
              (push (format "%d:%d/%d" (cadr loc) (car loc) (compilation--message->type message)) found))))
        (forward-line 1))
      (setq found (nreverse found))
      (whisk-check (equal found '("6:9/1" "7:3/2" "9:27/2" "8:8/0"))
                   "compilation-mode: whiskc's diagnostics at LINE:COL/TYPE %S" found))))

(princ (format "%s\n" (if (= whisk-check-failures 0) "done" (format "%d failures" whisk-check-failures))))
(kill-emacs (if (= whisk-check-failures 0) 0 1))

;;; emacs_check.el ends here
