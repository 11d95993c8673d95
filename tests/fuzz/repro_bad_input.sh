#!/usr/bin/env bash
# Reproductions of the bad-input findings of issue 9 against a fresh demo server: each must answer 4xx and
# write nothing (the counts before and after are printed). Needs curl and sqlite3. Run from anywhere:
#   bash tests/fuzz/repro_bad_input.sh
set -u
cd "$(dirname "$0")/../.."
export PYTHONPATH=src QIFU_INSECURE_DEV_KEY=1
D=$(mktemp -d); export QIFU_DATA_DIR=$D
.venv/bin/python manage.py migrate -v0 --noinput && .venv/bin/python manage.py seed_demo >/dev/null
.venv/bin/python manage.py runserver 127.0.0.1:8765 --noreload >/dev/null 2>&1 & S=$!
for _ in $(seq 1 60); do curl -s -o /dev/null http://127.0.0.1:8765/ && break; sleep 0.5; done
B=http://127.0.0.1:8765/api/v1
tok() { curl -s -X POST $B/auth/token -H 'Content-Type: application/json' -d "{\"username\":\"$1\",\"password\":\"qifu-demo-2026\"}" | python3 -c 'import json,sys;print(json.load(sys.stdin)["token"])'; }
E=$(tok demo-enterprise); A=$(tok demo-admin); H=$(tok demo-head)
count() { sqlite3 $D/qifu.sqlite3 "select count(*) from $1"; }
code() { curl -s -o /tmp/body -w '%{http_code}' "$@"; }
ENT=$(sqlite3 $D/qifu.sqlite3 "select enterprise_id from accounts_user where username='demo-enterprise'")
ITEM=$(sqlite3 $D/qifu.sqlite3 "select id from catalog_serviceitem where current_id is not null limit 1")
POL=$(sqlite3 $D/qifu.sqlite3 "select id from policies_policy where status='published' and auto_grant=0 limit 1")
echo "applications before: $(count applications_application)"
echo "green_channel by the enterprise: $(code -X POST $B/applications -H "Authorization: Bearer $E" -H 'Content-Type: application/json' -d "{\"enterprise_id\":$ENT,\"item_id\":$ITEM,\"mode\":\"self\",\"materials\":[],\"green_channel\":true}") $(head -c 160 /tmp/body)"
echo "applications after: $(count applications_application)"
echo "claims before: $(count policies_policyclaim)"
echo "claim amount 1e20: $(code -X POST $B/policy-claims -H "Authorization: Bearer $E" -H 'Content-Type: application/json' -d "{\"policy_id\":$POL,\"enterprise_id\":$ENT,\"amount\":1e20}") $(head -c 160 /tmp/body)"
echo "claims after: $(count policies_policyclaim); list: $(code $B/policy-claims -H "Authorization: Bearer $E")"
for q in "policies?department_id=%C2%B3" "demands?department_id=%C2%B3" "enterprises?park_id=%C2%B3" "demands?department_id=99999999999999999999" "demands/99999999999999999999" "demands?date_to=9999-12-31" "demands?date_from=9999-12-31"; do
  echo "GET /$q: $(code "$B/$q" -H "Authorization: Bearer $A") $(head -c 120 /tmp/body)"; done
echo "page /demands/?department_id=³: $(code -b /dev/null "http://127.0.0.1:8765/demands/?department_id=%C2%B3")"
echo "surrogate username: $(code -X POST $B/auth/token -H 'Content-Type: application/json' -d '{"username":"\udfff","password":"x"}') $(head -c 160 /tmp/body)"
echo "policies before: $(count policies_policy)"
for c in '"max_revenue":"NaN"' '"min_revenue":1e400'; do
  echo "criteria {$c}: $(code -X POST $B/policies -H "Authorization: Bearer $H" -H 'Content-Type: application/json' -d "{\"title\":\"t\",\"doc_number\":\"d\",\"department_id\":1,\"effective_from\":\"2026-01-01\",\"summary\":\"s\",\"auto_grant\":false,\"criteria\":{$c}}") $(head -c 140 /tmp/body)"; done
echo "effective_to 9999-12-31: $(code -X POST $B/policies -H "Authorization: Bearer $H" -H 'Content-Type: application/json' -d '{"title":"t","doc_number":"d","department_id":1,"effective_from":"2026-01-01","effective_to":"9999-12-31","summary":"s","auto_grant":false,"criteria":{}}') $(head -c 140 /tmp/body)"
echo "policies after: $(count policies_policy)"
head -c 60000000 /dev/zero | tr '\0' 'a' > $D/big.json
echo "60 MB body: $(code -X POST $B/demands -H "Authorization: Bearer $A" -H 'Content-Type: application/json' --data-binary @$D/big.json) $(head -c 120 /tmp/body)"
N=$(python3 -c 'print("a"*1000+".pdf")'); printf '%%PDF-1.4\n' > "$D/x.pdf"
DEM=$(sqlite3 $D/qifu.sqlite3 "select id from demands_demand limit 1")
echo "1000-char file name: $(code -X POST $B/demands/$DEM/attachments -H "Authorization: Bearer $A" -F "file=@$D/x.pdf;filename=$N") $(head -c 140 /tmp/body)"
for i in 1 2 3 4 5 6; do code -X POST $B/auth/token -H 'Content-Type: application/json' -d '{"username":"demo-admin","password":"wrong"}' >/dev/null; done
echo "6th wrong password: $(code -X POST $B/auth/token -H 'Content-Type: application/json' -d '{"username":"demo-admin","password":"wrong"}') $(head -c 140 /tmp/body)"
echo "CSP: $(curl -sI http://127.0.0.1:8765/accounts/login/ | grep -i content-security-policy | head -c 100)"
kill $S; rm -rf $D
