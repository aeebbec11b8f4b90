#include "annotate/commands/replace_heads.h"

#include "annotate/annotation_document.h"

namespace crowdkd::ui {

ReplaceHeadsCommand::ReplaceHeadsCommand(AnnotationDocument* document,
                                         const QVector<QPointF>& points, const QString& text)
    : m_document(document)
    , m_before(document->points())
    , m_after(points) {
    setText(text);
}

void ReplaceHeadsCommand::redo() {
    m_document->assignHeads(m_after);
}

void ReplaceHeadsCommand::undo() {
    m_document->assignHeads(m_before);
}

} // namespace crowdkd::ui
