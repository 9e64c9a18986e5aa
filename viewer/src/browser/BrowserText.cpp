#include "BrowserText.h"

#include <QByteArray>
#include <QFile>
#include <QStringList>

#include "fv/dicom/PersonName.h"

namespace fv::viewer::browser {

QString dicomText(const std::string& value) {
  // The index decoded every value per its Specific Character Set (0008,0005); fromUtf8 would
  // show any stray invalid byte as U+FFFD, never guess another encoding.
  return QString::fromUtf8(value.data(), qsizetype(value.size()));
}

QString pathText(const std::string& path) { return QFile::decodeName(QByteArray::fromStdString(path)); }

std::string pathToStd(const QString& path) { return QFile::encodeName(path).toStdString(); }

QString personName(const std::string& pn) {
  return dicomText(fv::dicom::formatPersonName(pn));
}

QString dicomDate(const std::string& da) {
  const QString s = dicomText(da).trimmed();
  bool digits = s.size() == 8;
  for (QChar c : s) digits = digits && c.isDigit();
  if (!digits) return s;
  return s.left(4) + QLatin1Char('-') + s.mid(4, 2) + QLatin1Char('-') + s.mid(6, 2);
}

QString dicomTime(const std::string& tm) {
  const QString s = dicomText(tm).trimmed().section(QLatin1Char('.'), 0, 0);
  bool digits = !s.isEmpty() && s.size() <= 6 && s.size() % 2 == 0;
  for (QChar c : s) digits = digits && c.isDigit();
  if (!digits) return dicomText(tm).trimmed();
  QStringList parts;
  for (int i = 0; i < s.size(); i += 2) parts << s.mid(i, 2);
  return parts.join(QLatin1Char(':'));
}

QString patientLabel(const fv::dicom::PatientKey& key) {
  QString name = personName(key.name);
  if (name.isEmpty()) name = QStringLiteral("(no name)");
  const QString id = dicomText(key.id).trimmed();
  return id.isEmpty() ? name : name + QStringLiteral(" (") + id + QLatin1Char(')');
}

QString studyLabel(const fv::dicom::StudyKey& key) {
  const QString description = dicomText(key.description).trimmed();
  if (!description.isEmpty()) return description;
  const QString id = dicomText(key.id).trimmed();
  return id.isEmpty() ? QStringLiteral("Study") : QStringLiteral("Study ") + id;
}

QString seriesLabel(const fv::dicom::SeriesKey& key) {
  QString description = dicomText(key.description).trimmed();
  if (description.isEmpty()) description = QStringLiteral("(no description)");
  return key.number ? QString::number(*key.number) + QStringLiteral("  ") + description : description;
}

QString searchKey(const QString& text) {
  const QString decomposed = text.normalized(QString::NormalizationForm_D).toCaseFolded();
  QString out;
  out.reserve(decomposed.size());
  for (QChar c : decomposed) {
    if (c.category() == QChar::Mark_NonSpacing) continue;
    switch (c.unicode()) {
      case 0x0142:
        c = QLatin1Char('l');
        break;  // ł (no decomposition)
      case 0x00F8:
        c = QLatin1Char('o');
        break;  // ø
      case 0x0111:
        c = QLatin1Char('d');
        break;  // đ
      case 0x0131:
        c = QLatin1Char('i');
        break;  // dotless ı
      default:
        break;
    }
    out += c;
  }
  return out;
}

QString patientSearchText(const fv::dicom::PatientKey& key) {
  QString groups = dicomText(key.name);
  groups.replace(QLatin1Char('^'), QLatin1Char(' ')).replace(QLatin1Char('='), QLatin1Char(' '));
  return patientLabel(key) + QLatin1Char('\n') + groups.simplified();
}

QString errorCodeText(fv::dicom::ErrorCode code) { return QString::fromLatin1(fv::dicom::toString(code)); }

}  // namespace fv::viewer::browser
