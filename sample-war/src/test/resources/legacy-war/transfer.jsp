<%@ page contentType="text/html; charset=UTF-8" session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<!DOCTYPE html>
<html><head><title>legacy transfer</title></head><body>
<p id="done">Transfer page for <c:out value="${pageContext.request.remoteUser}"/>, acr
<c:out value="${requestScope['dev.zt.ZeroTrustContext'].token().acr().orElse('-')}"/></p>
</body></html>
