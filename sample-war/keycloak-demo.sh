#!/usr/bin/env bash
# Runs the sample against a local Keycloak instead of its demo identity provider: zt logs the browser in at Keycloak
# (OpenID Connect, docs/oidc-login.md), asks Keycloak for the one-time code when a page needs mfa or the browser comes
# from a new country, and signs out there too. The WAR is the same as for the README's first command: only system
# properties differ.
#
#   sample-war/keycloak-demo.sh       then open http://localhost:8080/sample/ (Ctrl-C stops WildFly and Keycloak)
#
# Needs Java 21+ for Keycloak (ZT_KEYCLOAK_JAVA_HOME, default /usr/lib/jvm/temurin-25-jdk-amd64), curl, and free ports
# on 127.0.0.1: 8080, 8081 and 9990 (WildFly) and KC_PORT, KC_PORT+1 (Keycloak, default 8180 and 8181).
# Keycloak (org.keycloak:keycloak-quarkus-dist, about 180 MB) comes from Maven Central once, into sample-war/target.
set -euo pipefail
cd "$(dirname "$0")/.."

KC_JAVA=${ZT_KEYCLOAK_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
KC_PORT=${KC_PORT:-8180}
KC="http://127.0.0.1:$KC_PORT"
REALM=zt-demo
CLIENT=zt-sample-web
APP=http://localhost:8080/sample
FROM_FRANCE=http://localhost:8081/sample
TARGET=sample-war/target
OTP_SECRET=12345678901234567890 # RFC 6238's test secret; base32 GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ
ADMIN_PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
CLIENT_SECRET=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')

command -v curl >/dev/null || { echo "curl is needed" >&2; exit 2; }
major=$("$KC_JAVA/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
if [ "${major:-0}" -lt 21 ] 2>/dev/null; then
    echo "Keycloak needs Java 21 or later: set ZT_KEYCLOAK_JAVA_HOME (now $KC_JAVA)" >&2
    exit 2
fi

mvn -B -q -pl sample-war dependency:unpack@unpack-keycloak
KC_HOME=$(ls -d "$TARGET"/keycloak/keycloak-*/ | head -1)
rm -rf "${KC_HOME}data" # a fresh dev database: the demo's admin and realm (the integration tests recreate theirs)
echo "Starting Keycloak on $KC (log: $TARGET/keycloak-demo.log)"
JAVA_HOME=$KC_JAVA KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=$ADMIN_PASSWORD \
    "$KC_HOME/bin/kc.sh" start-dev --http-host=127.0.0.1 --http-port="$KC_PORT" \
    --http-management-port=$((KC_PORT + 1)) > "$TARGET/keycloak-demo.log" 2>&1 &
KC_PID=$!
stop_keycloak() {
    pkill -TERM -P "$KC_PID" 2>/dev/null || true
    kill "$KC_PID" 2>/dev/null || true
}
trap stop_keycloak EXIT
ready=
for _ in $(seq 1 180); do
    if curl -sf -o /dev/null "$KC/realms/master/.well-known/openid-configuration"; then ready=1; break; fi
    kill -0 "$KC_PID" 2>/dev/null || { echo "Keycloak exited; see $TARGET/keycloak-demo.log" >&2; exit 1; }
    sleep 1
done
[ -n "$ready" ] || { echo "Keycloak did not start within 3 minutes; see $TARGET/keycloak-demo.log" >&2; exit 1; }

token=$(curl -sf "$KC/realms/master/protocol/openid-connect/token" -d grant_type=password -d client_id=admin-cli \
    -d username=admin --data-urlencode "password=$ADMIN_PASSWORD" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
api() { # method path [json]: prints the id of what a POST created
    local location
    location=$(curl -sf -X "$1" "$KC/admin/realms$2" -H "Authorization: Bearer $token" \
        -H 'Content-Type: application/json' ${3:+--data "$3"} -o /dev/null -w '%header{location}') \
        || { echo "Keycloak refused $1 $2" >&2; exit 1; }
    echo "${location##*/}"
}
# The realm of the integration tests, renamed: a password is acr pwd, a password and a one-time code acr mfa.
sed 's/"realm": "zt-it"/"realm": "'$REALM'"/' sample-war/src/test/resources/keycloak/zt-it-realm.json \
    | curl -sf -X POST "$KC/admin/realms" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
        --data-binary @- > /dev/null
scopes=""
for scope in orders:read orders:write; do
    id=$(api POST "/$REALM/client-scopes" '{"name":"'$scope'","protocol":"openid-connect",
      "attributes":{"include.in.token.scope":"true","display.on.consent.screen":"false"}}')
    scopes="$scopes $id"
done
# zt's client: confidential, code flow with PKCE, both origins of the sample, back-channel logout, and the API's
# audience in its access tokens (the sample's zt.audience).
client=$(api POST "/$REALM/clients" '{"clientId":"'$CLIENT'","publicClient":false,"secret":"'"$CLIENT_SECRET"'",
  "standardFlowEnabled":true,"directAccessGrantsEnabled":false,
  "redirectUris":["'$APP'/zt/callback","'$FROM_FRANCE'/zt/callback"],
  "attributes":{"pkce.code.challenge.method":"S256","post.logout.redirect.uris":"'$APP'/##'$FROM_FRANCE'/",
    "backchannel.logout.url":"http://127.0.0.1:8080/sample/zt/backchannel-logout",
    "backchannel.logout.session.required":"true"},
  "protocolMappers":[{"name":"sample audience","protocol":"openid-connect","protocolMapper":"oidc-audience-mapper",
    "config":{"included.custom.audience":"sample-api","access.token.claim":"true","id.token.claim":"false"}}]}')
for id in $scopes; do api PUT "/$REALM/clients/$client/default-client-scopes/$id" > /dev/null; done
api POST "/$REALM/roles" '{"name":"user"}' > /dev/null
api POST "/$REALM/roles" '{"name":"admin"}' > /dev/null
user_role=$(curl -sf "$KC/admin/realms/$REALM/roles/user" -H "Authorization: Bearer $token")
admin_role=$(curl -sf "$KC/admin/realms/$REALM/roles/admin" -H "Authorization: Bearer $token")
for name in alice bob; do # the demo's users, with the same passwords and roles, and a one-time-code app each
    id=$(api POST "/$REALM/users" '{"username":"'$name'","enabled":true,"email":"'$name'@example.com",
      "emailVerified":true,"firstName":"'$name'","lastName":"Example",
      "credentials":[{"type":"password","value":"'$name'-password","temporary":false},
        {"type":"otp","userLabel":"phone","secretData":"{\"value\":\"'$OTP_SECRET'\"}",
         "credentialData":"{\"subType\":\"totp\",\"digits\":6,\"period\":30,\"algorithm\":\"HmacSHA1\",\"counter\":0}"}]}')
    roles="$user_role"
    [ "$name" = bob ] && roles="$roles,$admin_role"
    api POST "/$REALM/users/$id/role-mappings/realm" "[$roles]" > /dev/null
done

SECRET_FILE="$PWD/$TARGET/keycloak-demo-client-secret"
(umask 077 && printf '%s\n' "$CLIENT_SECRET" > "$SECRET_FILE")
cat <<EOF

Keycloak realm $REALM is ready; the sample starts now (log in WildFly's console below).
  1. Open $APP/ : Keycloak's login page. Sign in as alice / alice-password (or bob / bob-password, an admin).
  2. "Make a transfer" needs mfa: Keycloak asks for a one-time code. Codes for the base32 secret
     GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ (both users): oathtool --totp -b GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ, or
     python3 -c "import hmac,hashlib,struct,time;h=hmac.new(b'$OTP_SECRET',struct.pack('>Q',int(time.time())//30),hashlib.sha1).digest();o=h[-1]&15;print('%06d'%((struct.unpack('>I',h[o:o+4])[0]&0x7fffffff)%1000000))"
  3. Open $FROM_FRANCE/ : the same sample, reached "from France" (a demo listener of WildFly adds
     X-Forwarded-For 198.51.100.7). A new country for the session: Keycloak asks for the one-time code again.
  4. "Sign out" ends the zt session and Keycloak's.
Keycloak's admin console: $KC/admin (admin / $ADMIN_PASSWORD): logging a user out there, or disabling them,
ends their zt session too (at once by back-channel logout; a disabled user at the next provider-session check).

EOF
ISS="$KC/realms/$REALM"
mvn -B -pl sample-war -am package wildfly:run -DskipTests -Dwildfly.javaOpts="\
 -Dzt.issuers.keycloak.issuer=$ISS -Dzt.issuers.keycloak.audience=sample-api\
 -Dzt.issuers.keycloak.roles-claim=realm_access.roles -Dzt.issuers.keycloak.client-id=$CLIENT\
 -Dzt.issuers.keycloak.client-secret=file:$SECRET_FILE -Dzt.issuers.keycloak.logout-audience=$CLIENT"
