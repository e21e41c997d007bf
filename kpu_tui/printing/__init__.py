"""Printed documents as PDF (ReportLab): shared page templates, one module per document.

Importing this package loads nothing heavy; its modules load ReportLab (except
:mod:`~kpu_tui.printing.paper`), so callers import them where they print.

* :mod:`~kpu_tui.printing.fonts`: PT Sans (embedded TrueType) registered once as a family.
* :mod:`~kpu_tui.printing.styles`: the named paragraph styles.
* :mod:`~kpu_tui.printing.paper`: :class:`~kpu_tui.printing.paper.PaperData` (kop, paper, who
  and when), built from the office profile by ``paper_data(session, printed_by=...)``.
* :mod:`~kpu_tui.printing.templates`: A4/F4, portrait/landscape page templates with the kop
  surat and the "Halaman x dari y" footer; ``render(target, story, paper, info) -> pages``.
* :mod:`~kpu_tui.printing.flowables`: escaped paragraphs, ruled tables, the flowchart marks,
  tick boxes and check lists for paper forms, the "BATAL" watermark, a cut line, and
  ``PagedTable`` (a register of thousands of rows, measured once, one table per page).
* one module per document (:mod:`~kpu_tui.printing.sop`, :mod:`~kpu_tui.printing.mutu_baku`,
  :mod:`~kpu_tui.printing.agenda_masuk` for the buku agenda surat masuk,
  :mod:`~kpu_tui.printing.surat_masuk` for the lembar disposisi, tanda terima and kartu
  kendali of one letter),
  each with a ``<Doc>PrintData`` dataclass (``paper`` plus the document's data),
  ``document_info(data)``, a pure ``build_<doc>_story(data) -> list[Flowable]`` and
  ``write_<doc>(target, data) -> pages``.

Printing reads through services and loaders and never writes to the database.
"""
