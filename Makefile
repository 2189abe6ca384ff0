# Build, preview and test the bilingual site. Every target creates .venv and installs the locked
# dependencies (locks/dev.txt, checked against their hashes) and this project (pyproject.toml) when
# they are missing or changed; `make lock` regenerates the locks from pyproject.toml.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
OUTPUT ?= output
JOBS ?=
BUILD := $(BIN)/python -m sitebuild $(if $(JOBS),--jobs $(JOBS))

.PHONY: html publish devserver test clean messages bench screenshots lock intake-venv
.PHONY: comments-export comments-apply comments-pull comments-import-wxr redirects-from-wxr
.PHONY: new-post import translate check translations
.PHONY: intake intake-forget intake-export office-user registrations-export registrations-apply notices-mail bench-intake attendance-list attendance certificates session-mail

# Authoring (plugins/authoring). LANG is also the shell's locale variable: only a LANG given
# on the make command line counts (make new-post LANG=en); one from the environment is ignored.
AUTHORING := $(BIN)/python -m authoring
POST_LANG = $(if $(filter command line,$(origin LANG)),$(LANG))

# A virtualenv $(1) with the lock $(2) (every file checked against its hash, nothing else resolved)
# and this project installed editable: its packages (plugins/*, intake, office_client) import by name.
define venv_from_lock
	@test -x $(1)/bin/python || $(PY) -m venv $(1)
	$(1)/bin/python -m pip install --quiet --require-hashes --no-deps -r $(2)
	$(1)/bin/python -m pip install --quiet --no-deps --no-build-isolation --editable .
	@touch $(1)/.installed
endef

$(STAMP): locks/dev.txt pyproject.toml
	$(call venv_from_lock,$(VENV),locks/dev.txt)

# The intake's server alone: only the intake's locked group (no Pelican, no test tools).
INTAKE_VENV := .venv-intake
intake-venv: $(INTAKE_VENV)/.installed
$(INTAKE_VENV)/.installed: locks/intake.txt pyproject.toml
	$(call venv_from_lock,$(INTAKE_VENV),locks/intake.txt)

# Regenerate the hashed locks, one per dependency group of pyproject.toml; a version already
# locked stays unless pyproject.toml asks for another (UPGRADE=1: the newest allowed).
LOCK_GROUPS := site intake tests dev
lock: $(STAMP)
	@for group in $(LOCK_GROUPS); do \
	  $(BIN)/uv pip compile pyproject.toml --group $$group --generate-hashes --python-version 3.11.5 \
	    --custom-compile-command "make lock" --quiet $(if $(UPGRADE),--upgrade) -o locks/$$group.txt || exit 1; \
	done

# The forms post to the intake at INTAKE_PUBLIC_URL (environment: INTAKE_PUBLIC_URL=https://… make
# publish); the settings files read it, the build derives every form endpoint from it.
SETTINGS ?= pelicanconf.py
html: $(STAMP)  ## development build: make html [SETTINGS=mysettings.py] [INTAKE_PUBLIC_URL=https://…]
	$(BUILD) --settings $(SETTINGS) --output $(OUTPUT)

publish: $(STAMP)
	@test -n "$$SITEURL" || { echo "make publish: set SITEURL to the site's public address, e.g. SITEURL=https://www.example.com make publish" >&2; exit 2; }
	$(BUILD) --settings publishconf.py --output $(OUTPUT) --strict

PORT ?= 8000
HOST ?= 127.0.0.1
INTAKE_PORT ?= 8081
devserver: $(STAMP)  ## preview with live reload and the intake beside it (var/, mails in var/outbox/): make devserver [PORT=8001] [INTAKE_PORT=8082] [HOST=0.0.0.0]; Ctrl-C stops both
	@$(BUILD) --settings $(SETTINGS) --output $(OUTPUT) --serve --port $(PORT) --host $(HOST) --intake-port $(INTAKE_PORT)

screenshots: $(STAMP)  ## regenerate docs/screenshots/ (site pages, intake answers, office desk; desktop and phone)
	SCREENSHOTS_DIR=$(CURDIR)/docs/screenshots $(BIN)/python -m pytest -q tests/browser/test_screenshots.py

N ?= 500
bench: $(STAMP)  ## compare with bare Pelican on N synthetic posts per language (see bench/run.py)
	$(BIN)/python bench/run.py --n $(N)

# make test runs the tests in TEST_WORKERS processes (pytest-xdist), one test file per worker at a
# time (--dist loadfile: a file's shared built site or intake is made once); most intake tests wait
# on sockets, mails and subprocesses, so three workers overlap them on two cores. TEST_WORKERS=0:
# one process, as a plain `.venv/bin/python -m pytest tests/x.py` runs.
TEST_WORKERS ?= 3
test: $(STAMP)
	$(BIN)/python -m pytest $(if $(filter-out 0,$(TEST_WORKERS)),-n $(TEST_WORKERS) --dist loadfile)

clean:
	rm -rf $(OUTPUT) $(OUTPUT).* cache .pytest_cache
	find . -name __pycache__ -type d -prune -not -path './$(VENV)/*' -exec rm -rf {} +

messages: $(STAMP)  ## extract template strings of the theme and each plugin; update their German catalogs
	@for dir in theme plugins/*; do \
	  [ -d $$dir/templates ] || continue; \
	  mkdir -p $$dir/translations; \
	  $(BIN)/pybabel extract -F babel.cfg --no-location --omit-header -o $$dir/translations/messages.pot $$dir/templates; \
	  if [ -f $$dir/translations/de/LC_MESSAGES/messages.po ]; then \
	    $(BIN)/pybabel update -i $$dir/translations/messages.pot -d $$dir/translations -l de; \
	  else \
	    $(BIN)/pybabel init -i $$dir/translations/messages.pot -d $$dir/translations -l de; \
	  fi; \
	done

comments-export: $(STAMP)  ## write the comment moderation queue to moderation/pending.csv and .json
	$(BIN)/python -m comments export

comments-apply: $(STAMP)  ## apply the decision column: make comments-apply FILE=moderation/pending.csv
	@test -n "$(FILE)" || { echo "make comments-apply: name the export, e.g. make comments-apply FILE=moderation/pending.csv" >&2; exit 2; }
	$(BIN)/python -m comments apply "$(FILE)"

comments-pull: $(STAMP)  ## write the intake's approved comments to content/comments/ (needs INTAKE_URL, INTAKE_ADMIN_TOKEN)
	$(BIN)/python -m comments pull

comments-import-wxr: $(STAMP)  ## import WordPress comments: make comments-import-wxr FILE=export.xml [LANG=de] [DRY_RUN=1]
	@test -n "$(FILE)" || { echo "make comments-import-wxr: name the WordPress export, e.g. make comments-import-wxr FILE=export.xml" >&2; exit 2; }
	$(BIN)/python -m comments import-wxr "$(FILE)" $(if $(POST_LANG),--lang "$(POST_LANG)") $(if $(DRY_RUN),--dry-run)

redirects-from-wxr: $(STAMP)  ## a WordPress export's addresses into the posts' old_urls: make redirects-from-wxr FILE=export.xml [LANG=de] [DRY_RUN=1]
	@test -n "$(FILE)" || { echo "make redirects-from-wxr: name the WordPress export, e.g. make redirects-from-wxr FILE=export.xml" >&2; exit 2; }
	@$(BIN)/python -m redirects from-wxr "$(FILE)" $(if $(POST_LANG),--lang "$(POST_LANG)") $(if $(DRY_RUN),--dry-run)

# The intake service (intake/): settings from INTAKE_* environment variables (docs/operations.md, "Intake service").
INTAKE := $(BIN)/python -m intake
intake: $(STAMP)  ## run the intake on 127.0.0.1:$${INTAKE_PORT:-8081} (migrations applied at start)
	$(INTAKE) serve --port $${INTAKE_PORT:-8081}

intake-forget: $(STAMP)  ## delete everything the intake holds about an address: make intake-forget EMAIL=a@b.de
	@test -n "$(EMAIL)" || { echo "make intake-forget: name the address, e.g. make intake-forget EMAIL=leser@example.org" >&2; exit 2; }
	@$(INTAKE) forget "$(EMAIL)"

intake-export: $(STAMP)  ## print (JSON) everything the intake holds about an address: make intake-export EMAIL=a@b.de
	@test -n "$(EMAIL)" || { echo "make intake-export: name the address, e.g. make intake-export EMAIL=leser@example.org" >&2; exit 2; }
	@$(INTAKE) export "$(EMAIL)"

office-user: $(STAMP)  ## an office account on the intake's server: make office-user EMAIL=a@b.de ROLE=moderator|office (password asked twice, or OFFICE_PASSWORD); DISABLE=1, ENABLE=1 or DELETE=1 instead of ROLE
	@test -n "$(EMAIL)" -a -n "$(ROLE)$(DISABLE)$(ENABLE)$(DELETE)" || { echo "make office-user: name the address and the role, e.g. make office-user EMAIL=buero@example.org ROLE=office (or DISABLE=1, ENABLE=1, DELETE=1)" >&2; exit 2; }
	$(INTAKE) office-user "$(EMAIL)" $(ROLE) $(if $(DISABLE),--disable) $(if $(ENABLE),--enable) $(if $(DELETE),--delete)

# The office's commands against a running intake (office_client/): INTAKE_URL, INTAKE_ADMIN_TOKEN.
OFFICE := $(BIN)/python -m office_client
registrations-export: $(STAMP)  ## write the intake's registrations to moderation/registrations.csv (needs INTAKE_URL, INTAKE_ADMIN_TOKEN)
	$(OFFICE) registrations-export

registrations-apply: $(STAMP)  ## send the decision column back: make registrations-apply FILE=moderation/registrations.csv
	@test -n "$(FILE)" || { echo "make registrations-apply: name the export, e.g. make registrations-apply FILE=moderation/registrations.csv" >&2; exit 2; }
	$(OFFICE) registrations-apply "$(FILE)"

attendance-list: $(STAMP)  ## a session's attendance list as PDF into moderation/: make attendance-list OFFER=… SESSION=2027-03-09T09:00 [LANG=en]
	$(OFFICE) attendance-list "$(OFFER)" "$(SESSION)" $(if $(filter en,$(POST_LANG)),--lang en)

attendance: $(STAMP)  ## mark who attended: make attendance OFFER=… SESSION=… IDS="r-….2 r-…" (a participant, or all of a registration)
	$(OFFICE) attendance "$(OFFER)" "$(SESSION)" $(IDS)

certificates: $(STAMP)  ## the certificates of attendance (PDF) of everyone marked attended into moderation/ (MAIL=1: mailed to them): make certificates OFFER=… SESSION=… [MAIL=1]
	$(OFFICE) certificates "$(OFFER)" "$(SESSION)" $(if $(MAIL),--mail)

session-mail: $(STAMP)  ## mail a text to every confirmed booker and participant (own address) of a session: make session-mail OFFER=… SESSION=… FILE=nachricht.txt [SUBJECT="…"]
	@test -n "$(FILE)" || { echo "make session-mail: name the text file, e.g. make session-mail OFFER=… SESSION=… FILE=nachricht.txt" >&2; exit 2; }
	$(OFFICE) session-mail "$(OFFER)" "$(SESSION)" "$(FILE)" $(if $(SUBJECT),--subject "$(SUBJECT)")

notices-mail: $(STAMP)  ## mail the build notices (build-notices.md) to the office through the intake (needs INTAKE_URL, INTAKE_ADMIN_TOKEN) [LINK=build URL]
	$(OFFICE) notices-mail "$${BUILD_NOTICES_FILE:-build-notices.md}" $(if $(LINK),--link "$(LINK)")

bench-intake: $(STAMP)  ## sustained load, flood and kill -9 against the real intake on SQLite and PostgreSQL
	$(BIN)/python bench/intake_bench.py

new-post: $(STAMP)  ## create a draft post: make new-post TITLE="Gute Fragen" [LANG=de] [TAGS="Vertrieb, KI"]
	@test -n "$(TITLE)" || { echo 'make new-post: give the title, e.g. make new-post TITLE="Gute Fragen im Vertrieb" LANG=de TAGS="Vertrieb"' >&2; exit 2; }
	@$(AUTHORING) new-post --title "$(TITLE)" --lang "$(POST_LANG)" --tags "$(TAGS)"

import: $(STAMP)  ## draft posts from a file or folder: make import FILE=artikel.docx|ordner/ [LANG=en] [TAGS="Vertrieb"] [TITLE="…"] [DATE=2019-11-21] [KEEP_ALL=1]
	@test -n "$(FILE)" || { echo 'make import: name the article, e.g. make import FILE=artikel.docx LANG=de TAGS="Vertrieb"' >&2; exit 2; }
	@$(AUTHORING) import "$(FILE)" --lang "$(POST_LANG)" --tags "$(TAGS)" $(if $(TITLE),--title "$(TITLE)") $(if $(DATE),--date "$(DATE)") $(if $(KEEP_ALL),--keep-all)

translate: $(STAMP)  ## create a translation skeleton: make translate POST=content/de/posts/x.md [LANG=en]
	@test -n "$(POST)" || { echo "make translate: name the original, e.g. make translate POST=content/de/posts/ki-im-vertrieb.md" >&2; exit 2; }
	@$(AUTHORING) translate "$(POST)" --lang "$(POST_LANG)"

check: $(STAMP)  ## check all content without building: make check [STRICT=1]
	@$(AUTHORING) check $(if $(STRICT),--strict)

translations: $(STAMP)  ## which post and page exists in which language: make translations [STRICT=1]
	@$(AUTHORING) translations $(if $(STRICT),--strict)
