#include "fv/teaching/CaseHtml.h"

#include "fv/fluoro/Html.h"

namespace fv::teaching {

using fv::fluoro::escapeHtml;

namespace {

constexpr const char* kStyle =
    "body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em;color:#222}"
    "h1{font-size:1.6em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ccc}"
    "figure{display:inline-block;margin:0 1em 1em 0;vertical-align:top}"
    "figure img,video,figure.video img{max-width:28em;height:auto;background:#000}"
    "figcaption{font-size:.9em;color:#555}p.text{white-space:pre-wrap}"
    "footer{margin-top:2em;font-size:.8em;color:#777}";

void section(std::string& out, const char* heading, const std::string& text) {
  if (text.empty()) return;
  out += std::string("<h2>") + heading + "</h2>\n<p class=\"text\">" + escapeHtml(text) + "</p>\n";
}

}  // namespace

std::string caseHtml(const CaseText& text, const std::vector<PageFigure>& figures,
                     const std::vector<PageVideo>& videos,
                     const std::vector<std::string>& profile) {
  const std::string title = text.title.empty() ? "Teaching file" : text.title;
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
      escapeHtml(title) + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n<h1>" +
      escapeHtml(title) + "</h1>\n";
  section(out, "History", text.history);
  section(out, "Findings", text.findings);
  section(out, "Diagnosis", text.diagnosis);
  if (!text.teachingPoints.empty()) {
    out += "<h2>Teaching points</h2>\n<ul>\n";
    for (const std::string& p : text.teachingPoints) out += "<li>" + escapeHtml(p) + "</li>\n";
    out += "</ul>\n";
  }
  section(out, "Discussion", text.discussion);
  if (!figures.empty()) {
    out += "<h2>Key images</h2>\n";
    for (const PageFigure& f : figures) {
      out += "<figure><img src=\"" + escapeHtml(f.image) + "\" alt=\"" + escapeHtml(f.caption) +
             "\"><figcaption>" + escapeHtml(f.caption);
      for (const std::string& m : f.measurements) out += "<br>" + escapeHtml(m);
      if (!f.calibration.empty()) out += "<br>Calibration: " + escapeHtml(f.calibration);
      out += "</figcaption></figure>\n";
    }
  }
  if (!videos.empty()) {
    out += "<h2>Cine</h2>\n";
    for (const PageVideo& v : videos) {
      out += "<figure class=\"video\">";
      if (!v.mp4.empty())
        out += "<video controls loop muted src=\"" + escapeHtml(v.mp4) + "\"" +
               (v.gif.empty() ? std::string() : " poster=\"" + escapeHtml(v.gif) + "\"") +
               "></video>";
      else if (!v.gif.empty())
        out += "<img src=\"" + escapeHtml(v.gif) + "\" alt=\"" + escapeHtml(v.caption) + "\">";
      out += "<figcaption>" + escapeHtml(v.caption);
      if (!v.gif.empty()) out += " (<a href=\"" + escapeHtml(v.gif) + "\">GIF</a>)";
      out += "</figcaption></figure>\n";
    }
  }
  out += "<footer>De-identified: ";
  for (size_t i = 0; i < profile.size(); ++i) out += (i ? "; " : "") + escapeHtml(profile[i]);
  out +=
      ". The DICOM files, with a DICOMDIR, are in the DICOM folder.</footer>\n</body>\n</html>\n";
  return out;
}

}  // namespace fv::teaching
