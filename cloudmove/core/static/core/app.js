// Small behaviours without inline scripts (the Content-Security-Policy forbids them).
document.addEventListener('DOMContentLoaded', function () {
  document.querySelectorAll('[data-select-all]').forEach(function (box) {
    box.addEventListener('change', function () {
      document.querySelectorAll('input[name="pk"]').forEach(function (b) { b.checked = box.checked; });
    });
  });
  document.querySelectorAll('[data-bulk-action]').forEach(function (button) {
    button.addEventListener('click', function (event) {
      var form = document.getElementById('bulk-form');
      if (!form.querySelector('input[name="pk"]:checked')) {
        event.preventDefault();
        alert(button.dataset.emptyMessage);
        return;
      }
      form.action = button.dataset.bulkAction;
    });
  });
  document.querySelectorAll('[data-autosubmit]').forEach(function (el) {
    el.addEventListener('change', function () { el.form.submit(); });
  });
});
