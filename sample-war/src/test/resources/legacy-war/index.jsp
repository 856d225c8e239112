<%@ page contentType="text/html; charset=UTF-8" session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%-- A legacy page that knows nothing of zt but its sign-out form (zt's CSRF token from the request attribute). --%>
<c:set var="zt" value="${requestScope['dev.zt.ZeroTrustContext']}"/>
<!DOCTYPE html>
<html><head><title>legacy app</title></head><body>
<h1>Hello, <span id="user"><c:out value="${pageContext.request.remoteUser}"/></span></h1>
<p>Authentication: <span id="acr"><c:out value="${zt.token().acr().orElse('-')}"/></span></p>
<p><a id="transfer-link" href="transfer.jsp">Make a transfer</a></p>
<form method="post" action="${pageContext.request.contextPath}/zt/logout">
  <input type="hidden" name="_csrf" value="<c:out value="${zt.csrfToken().orElse('')}"/>">
  <button id="logout" type="submit">Sign out</button>
</form>
</body></html>
