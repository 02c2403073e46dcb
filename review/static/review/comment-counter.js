// The public comment form: how many characters are typed, against the limit, warned before it is reached.
// (The browser's maxlength cuts a pasted text silently; this says so before the comment is sent.)
document.querySelectorAll("textarea[data-max-chars]").forEach(function (area) {
  var max = parseInt(area.getAttribute("data-max-chars"), 10);
  var counter = document.createElement("p");
  counter.className = "muted char-counter";
  counter.setAttribute("aria-live", "polite");
  area.insertAdjacentElement("afterend", counter);
  function update() {
    var n = area.value.length;
    counter.textContent = "已输入 " + n + " / " + max + " 字" + (n > max ? "，超出 " + (n - max) + " 字，请删减后再提交" : n > max * 0.9 ? "，即将达到上限" : "");
    counter.style.color = n > max ? "#991b1b" : n > max * 0.9 ? "#92400e" : "";
  }
  area.addEventListener("input", update);
  update();
});
