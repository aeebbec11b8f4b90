<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>AnnotationCommands</name>
    <message>
        <source>Add head at (%1, %2)</source>
        <translation>머리 추가 (%1, %2)</translation>
    </message>
    <message numerus="yes">
        <source>Move %n head(s)</source>
        <translation>
            <numerusform>머리 %n개 이동</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Remove %n head(s)</source>
        <translation>
            <numerusform>머리 %n개 삭제</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Accept %n proposed head(s)</source>
        <translation>
            <numerusform>제안된 머리 %n개 수락</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CommandLine</name>
    <message>
        <source>CrowdKD Studio: label, train, distill and ship crowd counters</source>
        <translation>CrowdKD Studio: 군중 주석, 학습, 지식 증류, 인원 계수 모델 배포</translation>
    </message>
    <message>
        <source>Dataset folders or images to open.</source>
        <translation>열 데이터셋 폴더나 이미지.</translation>
    </message>
    <message>
        <source>no display to open the window on: set DISPLAY or WAYLAND_DISPLAY, run it under xvfb-run, or use the crowdkd command line</source>
        <translation>창을 띄울 디스플레이가 없습니다: DISPLAY나 WAYLAND_DISPLAY를 설정하거나, xvfb-run으로 실행하거나, crowdkd 명령줄 도구를 쓰세요</translation>
    </message>
    <message>
        <source>Workspace to start in: %1.</source>
        <translation>시작할 작업 공간: %1.</translation>
    </message>
    <message>
        <source>User interface language: %1 (default: the language chosen in the studio, else the system language).</source>
        <translation>사용자 인터페이스 언어: %1 (기본값: 스튜디오에서 고른 언어, 없으면 시스템 언어).</translation>
    </message>
    <message>
        <source>unknown language &apos;%1&apos; (use %2)</source>
        <translation>알 수 없는 언어 &apos;%1&apos; (%2 중 하나를 쓰세요)</translation>
    </message>
    <message>
        <source>unknown workspace &apos;%1&apos; (use %2)</source>
        <translation>알 수 없는 작업 공간 &apos;%1&apos; (%2 중 하나를 쓰세요)</translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::AnnotateWorkspace</name>
    <message>
        <source>Display</source>
        <translation>표시</translation>
    </message>
    <message>
        <source>Head marker size</source>
        <translation>머리 표시 크기</translation>
    </message>
    <message>
        <source> px</source>
        <translatorcomment>untranslated: a unit</translatorcomment>
        <translation> px</translation>
    </message>
    <message>
        <source>Head marker colour</source>
        <translation>머리 표시 색</translation>
    </message>
    <message>
        <source>Show density map</source>
        <translation>밀집도 맵 보기</translation>
    </message>
    <message>
        <source>Density map opacity</source>
        <translation>밀집도 맵 불투명도</translation>
    </message>
    <message>
        <source>Edit history</source>
        <translation>편집 기록</translation>
    </message>
    <message>
        <source>&lt;opened&gt;</source>
        <translation>&lt;열었을 때&gt;</translation>
    </message>
    <message>
        <source>&amp;Save Annotation</source>
        <translation>주석 저장(&amp;S)</translation>
    </message>
    <message>
        <source>Save Annotation &amp;As…</source>
        <translation>다른 이름으로 주석 저장(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>실행 취소(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>다시 실행(&amp;R)</translation>
    </message>
    <message>
        <source>Select &amp;All Heads</source>
        <translation>모든 머리 선택(&amp;A)</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>확대(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>축소(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Fit to Window</source>
        <translation>창에 맞추기(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Actual Size (1:1)</source>
        <translation>실제 크기 (1:1)(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Previous Image</source>
        <translation>이전 이미지(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Next Image</source>
        <translation>다음 이미지(&amp;N)</translation>
    </message>
    <message>
        <source>Density &amp;Map Overlay</source>
        <translation>밀집도 맵 겹쳐 보기(&amp;M)</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2 heads, %3 selected</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;머리 %2개, %3개 선택됨</translation>
    </message>
    <message>
        <source>No image open.</source>
        <translation>열린 이미지가 없습니다.</translation>
    </message>
    <message>
        <source>Head Marker Colour</source>
        <translation>머리 표시 색</translation>
    </message>
    <message>
        <source>Cannot Open Image</source>
        <translation>이미지를 열 수 없음</translation>
    </message>
    <message>
        <source>The image could not be opened:
%1</source>
        <translation>이미지를 열 수 없습니다:
%1</translation>
    </message>
    <message>
        <source>Recover Unsaved Edits</source>
        <translation>저장하지 않은 편집 복구</translation>
    </message>
    <message numerus="yes">
        <source>Unsaved edits of %1 from %2 were kept (%n head(s)). Recover them?</source>
        <translation>
            <numerusform>%2에 자동 저장된 %1의 편집 내용이 있습니다 (머리 %n개). 복구할까요?</numerusform>
        </translation>
    </message>
    <message>
        <source>Recover</source>
        <translation>복구</translation>
    </message>
    <message>
        <source>Recover autosaved edits</source>
        <translation>자동 저장된 편집 복구</translation>
    </message>
    <message>
        <source>Unsaved Changes</source>
        <translation>저장하지 않은 변경 사항</translation>
    </message>
    <message>
        <source>The head annotation of %1 has unsaved changes.</source>
        <translation>%1의 머리 위치 주석에 저장하지 않은 변경 사항이 있습니다.</translation>
    </message>
    <message>
        <source>Save them before going on?</source>
        <translation>계속하기 전에 저장할까요?</translation>
    </message>
    <message>
        <source>Cannot Save Here</source>
        <translation>이 위치에 저장할 수 없음</translation>
    </message>
    <message>
        <source>Save As…</source>
        <translation>다른 이름으로 저장…</translation>
    </message>
    <message>
        <source>Your edits are kept; choose another folder to save them in.</source>
        <translation>편집 내용은 그대로 남아 있습니다. 저장할 다른 폴더를 고르세요.</translation>
    </message>
    <message>
        <source>The dataset is read-only: %1 cannot be written.</source>
        <translation>데이터셋이 읽기 전용이라 %1에 쓸 수 없습니다.</translation>
    </message>
    <message>
        <source>The annotation could not be saved:
%1</source>
        <translation>주석을 저장하지 못했습니다:
%1</translation>
    </message>
    <message>
        <source>Save Annotation As</source>
        <translation>다른 이름으로 주석 저장</translation>
    </message>
    <message>
        <source>Cannot Save</source>
        <translation>저장할 수 없음</translation>
    </message>
    <message numerus="yes">
        <source>CrowdKD Studio did not close normally. Unsaved head annotations of %n image(s) were kept: %1.</source>
        <translation>
            <numerusform>CrowdKD Studio가 정상적으로 종료되지 않았습니다. 이미지 %n장의 저장하지 않은 머리 위치 주석이 남아 있습니다: %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>Open the most recent one now? The others are offered when you open their images.</source>
        <translation>가장 최근 것을 지금 열까요? 나머지는 해당 이미지를 열 때 복구를 제안합니다.</translation>
    </message>
    <message>
        <source>Open and Recover</source>
        <translation>열어서 복구</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>나중에</translation>
    </message>
    <message>
        <source>Save the head annotation into the dataset</source>
        <translation>머리 위치 주석을 데이터셋에 저장</translation>
    </message>
    <message>
        <source>Previous image</source>
        <translation>이전 이미지</translation>
    </message>
    <message>
        <source>Next image</source>
        <translation>다음 이미지</translation>
    </message>
    <message>
        <source>Show the density map computed from the heads</source>
        <translation>머리 위치로 계산한 밀집도 맵 보기</translation>
    </message>
    <message>
        <source>Show head markers</source>
        <translation>머리 표시 보기</translation>
    </message>
    <message>
        <source>&amp;Head Markers</source>
        <translation>머리 표시(&amp;H)</translation>
    </message>
    <message>
        <source>Show or hide the head markers (to see the crowd and the density map under them)</source>
        <translation>머리 표시를 보이거나 숨기기 (그 아래의 군중과 밀집도 맵을 보려면)</translation>
    </message>
    <message>
        <source>Damaged Annotation File</source>
        <translation>손상된 주석 파일</translation>
    </message>
    <message>
        <source>The head annotations of %1 cannot be read: %2 is damaged (%3).</source>
        <translation>%1의 머리 주석을 읽을 수 없습니다: %2이(가) 손상되었습니다 (%3).</translation>
    </message>
    <message>
        <source>Keep the damaged file aside as %1 and start an empty annotation? The file is renamed, not deleted.</source>
        <translation>손상된 파일을 %1(으)로 옮겨 두고 빈 주석으로 시작할까요? 파일은 삭제되지 않고 이름만 바뀝니다.</translation>
    </message>
    <message>
        <source>Set Aside and Start Empty</source>
        <translation>옮겨 두고 빈 주석으로 시작</translation>
    </message>
    <message>
        <source>Cannot Set the File Aside</source>
        <translation>파일을 옮겨 둘 수 없음</translation>
    </message>
    <message>
        <source>%1 could not be renamed to %2 (the folder may be read-only).</source>
        <translation>%1의 이름을 %2(으)로 바꿀 수 없습니다 (폴더가 읽기 전용일 수 있습니다).</translation>
    </message>
    <message numerus="yes">
        <source>%n proposal(s) left</source>
        <translation>
            <numerusform>남은 제안 %n개</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>≈%n click(s) saved</source>
        <translation>
            <numerusform>클릭 약 %n회 절약</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Delete Selected</source>
        <translation>선택 항목 삭제(&amp;D)</translation>
    </message>
    <message>
        <source>Remove the selected heads and reject the selected proposals</source>
        <translation>선택한 머리를 지우고 선택한 제안을 거절</translation>
    </message>
    <message>
        <source>Propose heads</source>
        <translation>머리 제안</translation>
    </message>
    <message>
        <source>Review with model</source>
        <translation>모델로 검토</translation>
    </message>
    <message>
        <source>ShanghaiTech or UCF-QNRF ground truth (*.mat)</source>
        <translation>ShanghaiTech 또는 UCF-QNRF 정답 주석 (*.mat)</translation>
    </message>
    <message>
        <source>JHU-Crowd++ ground truth (*.txt)</source>
        <translation>JHU-Crowd++ 정답 주석 (*.txt)</translation>
    </message>
    <message>
        <source>NWPU-Crowd ground truth (*.json)</source>
        <translation>NWPU-Crowd 정답 주석 (*.json)</translation>
    </message>
    <message>
        <source>CSV of points (*.csv)</source>
        <translation>점 좌표 CSV (*.csv)</translation>
    </message>
    <message>
        <source>%1 has changed since these edits were kept: recovering them replaces the heads it holds now.</source>
        <translation>이 편집이 보관된 뒤 %1 파일이 바뀌었습니다. 복구하면 지금 파일에 있는 머리 표시가 보관된 것으로 바뀝니다.</translation>
    </message>
    <message>
        <source>File Changed on Disk</source>
        <translation>디스크의 파일이 바뀜</translation>
    </message>
    <message>
        <source>%1 has changed since it was opened here (another program or studio saved it).</source>
        <translation>여기서 연 뒤 %1 파일이 바뀌었습니다(다른 프로그램이나 스튜디오가 저장함).</translation>
    </message>
    <message>
        <source>Replace its heads with yours? Your edits are kept either way.</source>
        <translation>파일의 머리 표시를 내 편집으로 바꿀까요? 어느 쪽이든 내 편집은 남아 있습니다.</translation>
    </message>
    <message>
        <source>Replace</source>
        <translation>바꾸기</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>%1 여는 중…</translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::AnnotationCanvas</name>
    <message>
        <source>No image.
Open a dataset and pick an image, or drop an image here.</source>
        <translation>이미지가 없습니다.
데이터셋을 열고 이미지를 고르거나, 이미지를 여기에 끌어다 놓으세요.</translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::AnnotationDocument</name>
    <message>
        <source>Untitled</source>
        <translation>제목 없음</translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::CompareWorkspace</name>
    <message>
        <source>No dataset is open. Open a dataset folder (File ▸ Open Dataset…) or the bundled sample dataset to compare the models on its images.</source>
        <translation>열린 데이터셋이 없습니다. 데이터셋 폴더(파일 ▸ 데이터셋 열기…)나 함께 제공되는 예제 데이터셋을 열어 그 이미지로 모델을 비교하세요.</translation>
    </message>
    <message>
        <source>Teacher</source>
        <translation>교사 모델</translation>
    </message>
    <message>
        <source>Student</source>
        <translation>학생 모델</translation>
    </message>
    <message>
        <source>KD student</source>
        <translation>KD 학생 모델</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>이미지</translation>
    </message>
    <message>
        <source>&amp;Split:</source>
        <translation>분할(&amp;S):</translation>
    </message>
    <message>
        <source>Open the &amp;sample dataset</source>
        <translation>예제 데이터셋 열기(&amp;S)</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>모델</translation>
    </message>
    <message>
        <source>&amp;Teacher:</source>
        <translation>교사 모델(&amp;T):</translation>
    </message>
    <message>
        <source>Plain s&amp;tudent:</source>
        <translation>일반 학생 모델(&amp;T):</translation>
    </message>
    <message>
        <source>&amp;KD student:</source>
        <translation>KD 학생 모델(&amp;K):</translation>
    </message>
    <message>
        <source>Choose a model file</source>
        <translation>모델 파일 선택</translation>
    </message>
    <message>
        <source>Display</source>
        <translation>표시</translation>
    </message>
    <message>
        <source>One colour scale for all maps</source>
        <translation>모든 맵에 같은 색상 척도</translation>
    </message>
    <message>
        <source>Colour every map on the same scale (off: each map from zero to its own maximum)</source>
        <translation>모든 맵을 같은 척도로 칠합니다 (끄면 맵마다 0부터 자신의 최댓값까지)</translation>
    </message>
    <message>
        <source>&amp;Fit</source>
        <translation>맞추기(&amp;F)</translation>
    </message>
    <message>
        <source>Show the whole image (or double-click a panel)</source>
        <translation>이미지 전체 보기 (패널을 두 번 클릭해도 됩니다)</translation>
    </message>
    <message>
        <source>E&amp;xport image…</source>
        <translation>이미지 내보내기(&amp;X)…</translation>
    </message>
    <message>
        <source>Save the comparison shown as a PNG image</source>
        <translation>보이는 비교 화면을 PNG 이미지로 저장</translation>
    </message>
    <message>
        <source>Export the KD student…</source>
        <translation>KD 학생 모델 내보내기…</translation>
    </message>
    <message>
        <source>&amp;Evaluate the split</source>
        <translation>분할 전체 평가(&amp;E)</translation>
    </message>
    <message>
        <source>Count every image of the split with the three models (fills the table)</source>
        <translation>분할의 모든 이미지의 인원을 세 모델로 계수합니다 (표를 채웁니다)</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>취소(&amp;C)</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(없음)</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>찾아보기…</translation>
    </message>
    <message>
        <source>Model for the comparison</source>
        <translation>비교할 모델</translation>
    </message>
    <message>
        <source>Models (*.pth *.pt *.tar *.onnx);;All files (*)</source>
        <translation>모델 (*.pth *.pt *.tar *.onnx);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>The split has no annotated images.</source>
        <translation>이 분할에는 주석이 있는 이미지가 없습니다.</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; — image %2 of %3 in the table&apos;s order</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; — 표 순서로 %3장 중 %2번째 이미지</translation>
    </message>
    <message>
        <source>Every image of the split is counted.</source>
        <translation>분할의 모든 이미지의 인원을 계수했습니다.</translation>
    </message>
    <message>
        <source>Evaluation cancelled after %1 of %2 images.</source>
        <translation>%2장 중 %1장을 평가한 뒤 취소했습니다.</translation>
    </message>
    <message>
        <source>Counting image %1 of %2…</source>
        <translation>%2장 중 %1번째 이미지의 인원 계수 중…</translation>
    </message>
    <message>
        <source>%1 model</source>
        <translation>%1 모델</translation>
    </message>
    <message>
        <source>Cannot use it: %1</source>
        <translation>사용할 수 없음: %1</translation>
    </message>
    <message>
        <source>The split has no annotated images to compare on.</source>
        <translation>이 분할에는 비교할 주석 이미지가 없습니다.</translation>
    </message>
    <message>
        <source>Input: %1</source>
        <translation>입력: %1</translation>
    </message>
    <message>
        <source>%1 × %2 pixels</source>
        <translation>%1 × %2 픽셀</translation>
    </message>
    <message>
        <source>Ground truth</source>
        <translation>정답</translation>
    </message>
    <message>
        <source>%1 annotated heads</source>
        <translation>주석 머리 %1개</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translatorcomment>untranslated: no words to translate</translatorcomment>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>No model: choose one on the left.</source>
        <translation>모델 없음: 왼쪽에서 고르세요.</translation>
    </message>
    <message>
        <source>Count %1</source>
        <translation>인원 수 %1</translation>
    </message>
    <message>
        <source> · error %1 (%2%)</source>
        <translation> · 오차 %1 (%2%)</translation>
    </message>
    <message>
        <source>MAE</source>
        <translatorcomment>untranslated: a metric name</translatorcomment>
        <translation>MAE</translation>
    </message>
    <message>
        <source>RMSE</source>
        <translatorcomment>untranslated: a metric name</translatorcomment>
        <translation>RMSE</translation>
    </message>
    <message>
        <source>n = %1</source>
        <translatorcomment>untranslated: a statistics notation</translatorcomment>
        <translation>n = %1</translation>
    </message>
    <message>
        <source>bias %1</source>
        <translation>편향 %1</translation>
    </message>
    <message>
        <source>Mean absolute error of the counts over the images counted so far; bias is the mean signed error</source>
        <translation>지금까지 계수한 이미지에 대한 인원 수의 평균 절대 오차; 편향은 부호 있는 오차의 평균</translation>
    </message>
    <message>
        <source>Root mean squared error of the counts</source>
        <translation>인원 수의 평균 제곱근 오차</translation>
    </message>
    <message>
        <source>Export the comparison</source>
        <translation>비교 내보내기</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 이미지 (*.png)</translation>
    </message>
    <message>
        <source>The image could not be written to %1: %2</source>
        <translation>%1에 이미지를 쓸 수 없습니다: %2</translation>
    </message>
    <message>
        <source>Default student (MCNN)</source>
        <translation>기본 학생 모델 (MCNN)</translation>
    </message>
    <message>
        <source>Previous image</source>
        <translation>이전 이미지</translation>
    </message>
    <message>
        <source>Next image</source>
        <translation>다음 이미지</translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::ComparisonTableModel</name>
    <message>
        <source>Image</source>
        <translation>이미지</translation>
    </message>
    <message>
        <source>Annotated heads (ground truth)</source>
        <translation>주석된 머리 수 (정답)</translation>
    </message>
    <message>
        <source>Ground truth</source>
        <translation>정답</translation>
    </message>
    <message>
        <source>%1: estimated count</source>
        <translation>%1: 추정 인원 수</translation>
    </message>
    <message>
        <source>%1: count − ground truth</source>
        <translation>%1: 추정 인원 수 − 정답</translation>
    </message>
    <message>
        <source>%1
error</source>
        <translation>%1
오차</translation>
    </message>
    <message>
        <source>%1: absolute error</source>
        <translation>%1: 절대 오차</translation>
    </message>
    <message>
        <source>%1
|error|</source>
        <translation>%1
|오차|</translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::ComparisonView</name>
    <message>
        <source>Computing…</source>
        <translation>계산 중…</translation>
    </message>
    <message>
        <source>Density, one scale for all maps</source>
        <translation>밀집도, 모든 맵에 같은 척도</translation>
    </message>
    <message>
        <source>Density, each map its own scale</source>
        <translation>밀집도, 맵마다 자체 척도</translation>
    </message>
    <message>
        <source>people per %1×%1 input pixels</source>
        <translation>입력 %1×%1 픽셀당 인원</translation>
    </message>
    <message>
        <source>fraction of each map&apos;s maximum</source>
        <translation>각 맵 최댓값에 대한 비율</translation>
    </message>
    <message>
        <source>No density map yet.</source>
        <translation>아직 밀집도 맵이 없습니다.</translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::CountWorkspace</name>
    <message>
        <source>Other model file…</source>
        <translation>다른 모델 파일…</translation>
    </message>
    <message>
        <source>Default student (MCNN) — MAE %1, RMSE %2</source>
        <translation>기본 학생 모델 (MCNN) — MAE %1, RMSE %2</translation>
    </message>
    <message>
        <source>Default student (MCNN)</source>
        <translation>기본 학생 모델 (MCNN)</translation>
    </message>
    <message>
        <source>Open &amp;images…</source>
        <translation>이미지 열기(&amp;I)…</translation>
    </message>
    <message>
        <source>Open &amp;folder…</source>
        <translation>폴더 열기(&amp;F)…</translation>
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation>비우기(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Export counts…</source>
        <translation>인원수 내보내기(&amp;E)…</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>이미지</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>인원 계수</translation>
    </message>
    <message>
        <source>Drop images or folders here to count the people in them.</source>
        <translation>이미지나 폴더를 여기에 끌어다 놓으면 사람 수를 셉니다.</translation>
    </message>
    <message>
        <source>Density overlay opacity:</source>
        <translation>밀집도 맵 불투명도:</translation>
    </message>
    <message>
        <source>Model to count with</source>
        <translation>인원 계수에 쓸 모델</translation>
    </message>
    <message>
        <source>Models (*.pth *.pt *.tar *.onnx);;All files (*)</source>
        <translation>모델 (*.pth *.pt *.tar *.onnx);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Dataset folder</source>
        <translation>데이터셋 폴더</translation>
    </message>
    <message>
        <source>%1 looks like a dataset. Open it in the Dataset workspace instead of counting its images?</source>
        <translation>%1은(는) 데이터셋으로 보입니다. 이미지를 세는 대신 데이터셋 작업 공간에서 열까요?</translation>
    </message>
    <message>
        <source>The model could not be loaded: %1</source>
        <translation>모델을 불러올 수 없습니다: %1</translation>
    </message>
    <message>
        <source>%1 people</source>
        <translation>%1명</translation>
    </message>
    <message>
        <source>Images to count</source>
        <translation>셀 이미지</translation>
    </message>
    <message>
        <source>Folder of images to count</source>
        <translation>셀 이미지가 있는 폴더</translation>
    </message>
    <message>
        <source>Export counts</source>
        <translation>인원수 내보내기</translation>
    </message>
    <message>
        <source>CSV table (*.csv);;JSON (*.json)</source>
        <translation>CSV 표 (*.csv);;JSON (*.json)</translation>
    </message>
    <message>
        <source>The counts could not be written to %1.</source>
        <translation>인원수를 %1에 쓸 수 없습니다.</translation>
    </message>
    <message>
        <source>Count</source>
        <comment>table column: number of people</comment>
        <translation>인원 수</translation>
    </message>
    <message>
        <source>Default student (MCNN, KD α = %1) — MAE %2</source>
        <translation>기본 학생 모델 (MCNN, KD α = %1) — MAE %2</translation>
    </message>
    <message>
        <source>distilled from a teacher model with α = %1</source>
        <translation>α = %1로 교사 모델에서 증류한</translation>
    </message>
    <message>
        <source>trained on the ground truth alone</source>
        <translation>정답 데이터만으로 학습한</translation>
    </message>
    <message>
        <source>Trained by CrowdKD: a student %1. Measured on ShanghaiTech part A test (%2 images): MAE %3, RMSE %4.</source>
        <translation>CrowdKD로 학습: %1 학생 모델. ShanghaiTech part A 테스트(이미지 %2장)에서 측정: MAE %3, RMSE %4.</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s) counted</source>
        <translation>
            <numerusform>이미지 %n장 인원 계수</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <comment>images that could not be counted</comment>
        <translation>
            <numerusform>%n장 실패</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 people in total</source>
        <translation>모두 %1명</translation>
    </message>
    <message>
        <source>failed</source>
        <comment>an image that could not be counted</comment>
        <translation>실패</translation>
    </message>
    <message>
        <source>%1 could not be counted:
%2</source>
        <translation>%1의 인원을 계수할 수 없습니다:
%2</translation>
    </message>
    <message numerus="yes">
        <source>%Ln training step(s) in %1 hours on a CPU.</source>
        <translation>
            <numerusform>CPU에서 %1시간 동안 %Ln 스텝 학습.</numerusform>
        </translation>
    </message>
    <message>
        <source>Best validation MAE %1 (held-out training images).</source>
        <translation>최고 검증 MAE %1 (학습에서 제외한 검증 이미지).</translation>
    </message>
    <message>
        <source>Trained for the same steps without the teacher, a plain student counts MAE %1.</source>
        <translation>교사 모델 없이 같은 스텝만큼 학습한 일반 학생 모델은 MAE %1입니다.</translation>
    </message>
    <message>
        <source>No images counted yet</source>
        <translation>아직 인원을 계수한 이미지가 없습니다</translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::DatasetModel</name>
    <message numerus="yes">
        <source>%n head(s)</source>
        <translation>
            <numerusform>머리 %n개</numerusform>
        </translation>
    </message>
    <message>
        <source>unreadable image: %1</source>
        <translation>읽을 수 없는 이미지: %1</translation>
    </message>
    <message>
        <source>unreadable ground truth: %1</source>
        <translation>읽을 수 없는 정답 파일: %1</translation>
    </message>
    <message>
        <source>declares %1 heads but lists %2</source>
        <translation>선언된 머리 수는 %1개인데 좌표는 %2개입니다</translation>
    </message>
    <message numerus="yes">
        <source>%n head(s) outside the image (left out of density maps)</source>
        <translation>
            <numerusform>머리 %n개가 이미지 밖에 있습니다 (밀집도 맵에서 제외됨)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::DatasetSession</name>
    <message>
        <source>no ShanghaiTech split (images/ and ground-truth/) was found in this folder</source>
        <translation>이 폴더에서 ShanghaiTech 분할(images/와 ground-truth/)을 찾지 못했습니다</translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::DatasetWorkspace</name>
    <message>
        <source>Splits</source>
        <translation>분할</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>통계</translation>
    </message>
    <message>
        <source>Problems found</source>
        <translation>발견된 문제</translation>
    </message>
    <message>
        <source>Filter by name</source>
        <translation>이름으로 거르기</translation>
    </message>
    <message>
        <source>Heads:</source>
        <translation>머리 수:</translation>
    </message>
    <message>
        <source>Show images with at least this many heads</source>
        <translation>머리 수가 이 값 이상인 이미지만 보기</translation>
    </message>
    <message>
        <source>Show images with at most this many heads (∞: no limit)</source>
        <translation>머리 수가 이 값 이하인 이미지만 보기 (∞: 제한 없음)</translation>
    </message>
    <message>
        <source>Has problems</source>
        <translation>문제 있음</translation>
    </message>
    <message>
        <source>Edited</source>
        <translation>편집됨</translation>
    </message>
    <message>
        <source>Only images whose annotation was edited in the studio</source>
        <translation>스튜디오에서 주석을 편집한 이미지만 보기</translation>
    </message>
    <message>
        <source>Sort by name</source>
        <translation>이름순</translation>
    </message>
    <message>
        <source>Fewest heads first</source>
        <translation>머리 수 적은 순</translation>
    </message>
    <message>
        <source>Most heads first</source>
        <translation>머리 수 많은 순</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>격자</translation>
    </message>
    <message>
        <source>List</source>
        <translation>목록</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n image(s))</source>
        <translation>
            <numerusform>%1 (이미지 %n장)</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2 shown</source>
        <translation>%2장 중 %1장 표시</translation>
    </message>
    <message>
        <source>%1
Double-click to show the file&apos;s folder.</source>
        <translation>%1
두 번 누르면 파일이 있는 폴더를 엽니다.</translation>
    </message>
    <message>
        <source>No problems found.</source>
        <translation>문제가 없습니다.</translation>
    </message>
    <message>
        <source>Problems found (%1)</source>
        <translation>발견된 문제 (%1)</translation>
    </message>
    <message>
        <source>Show the images as a grid of thumbnails</source>
        <translation>이미지를 축소판 격자로 보기</translation>
    </message>
    <message>
        <source>Show the images as a list</source>
        <translation>이미지를 목록으로 보기</translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::ExperimentPanel</name>
    <message>
        <source>Experiment folder</source>
        <translation>실험 폴더</translation>
    </message>
    <message>
        <source>Open an experiment folder</source>
        <translation>실험 폴더 열기</translation>
    </message>
    <message>
        <source>Run %1 of %2: %3 (finished earlier, skipped)</source>
        <translation>실행 %1/%2: %3 (이전에 완료되어 건너뜀)</translation>
    </message>
    <message>
        <source>Run %1 of %2: %3</source>
        <translation>실행 %1/%2: %3</translation>
    </message>
    <message>
        <source>Run %1 of %2: %3, epoch %4 of %5 (batch %6 of %7)</source>
        <translation>실행 %1/%2: %3, 에포크 %4/%5 (배치 %6/%7)</translation>
    </message>
    <message>
        <source>Testing %1: image %2 of %3</source>
        <translation>%1 테스트 중: 이미지 %2/%3</translation>
    </message>
    <message>
        <source>The experiment failed: %1</source>
        <translation>실험 실패: %1</translation>
    </message>
    <message>
        <source>Stopped. Finished runs are kept; Run continues the experiment in %1.</source>
        <translation>중지했습니다. 완료된 실행은 보존되며, 실행을 누르면 %1의 실험을 이어서 진행합니다.</translation>
    </message>
    <message>
        <source>Finished: the tables are in %1.</source>
        <translation>완료: 표는 %1에 있습니다.</translation>
    </message>
    <message>
        <source>The α list must hold numbers between 0 and 1, such as 0.1, 0.3, 0.5, 0.7.</source>
        <translation>α 목록에는 0.1, 0.3, 0.5, 0.7처럼 0과 1 사이의 숫자를 넣어야 합니다.</translation>
    </message>
    <message>
        <source>Choose a teacher in the training form: every KD run distils it.</source>
        <translation>학습 설정에서 교사 모델을 고르세요: 모든 지식 증류 실행이 이 모델을 증류합니다.</translation>
    </message>
    <message>
        <source>Choose the experiment folder.</source>
        <translation>실험 폴더를 고르세요.</translation>
    </message>
    <message>
        <source>Name the split to test on.</source>
        <translation>테스트할 분할 이름을 입력하세요.</translation>
    </message>
    <message>
        <source>Starting the experiment in %1…</source>
        <translation>%1에서 실험을 시작하는 중…</translation>
    </message>
    <message>
        <source>Stopping after the current iteration…</source>
        <translation>현재 반복이 끝나면 중지합니다…</translation>
    </message>
    <message>
        <source>No experiment tables: %1</source>
        <translation>실험 표가 없습니다: %1</translation>
    </message>
    <message>
        <source>0 (student)</source>
        <translation>0 (학생 모델)</translation>
    </message>
    <message>
        <source>The paper&apos;s experiment: a plain MCNN student and one distilled student per α, trained with the options of the form (data, teacher, epochs, crop, seed …), then counted on the test split with the teacher. Stopping keeps the finished runs; running again continues.</source>
        <translation>논문의 실험: 일반 MCNN 학생 모델과 α마다 하나씩 지식 증류한 학생 모델을 학습 설정(데이터, 교사 모델, 에포크, 크롭, 시드 …)으로 학습한 뒤, 교사 모델과 함께 테스트 분할에서 인원을 계수합니다. 중지해도 완료된 실행은 보존되며, 다시 실행하면 이어서 진행합니다.</translation>
    </message>
    <message>
        <source>α values:</source>
        <translation>α 값:</translation>
    </message>
    <message>
        <source>Test split:</source>
        <translation>테스트 분할:</translation>
    </message>
    <message>
        <source>Test images at most:</source>
        <translation>최대 테스트 이미지 수:</translation>
    </message>
    <message>
        <source>all</source>
        <translation>전체</translation>
    </message>
    <message>
        <source>Experiment folder:</source>
        <translation>실험 폴더:</translation>
    </message>
    <message>
        <source>Run Experiment</source>
        <translation>실험 실행</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>중지</translation>
    </message>
    <message>
        <source>Open Experiment…</source>
        <translation>실험 열기…</translation>
    </message>
    <message>
        <source>Table 1: models</source>
        <translation>표 1: 모델</translation>
    </message>
    <message>
        <source>Table 2: distillation weight α</source>
        <translation>표 2: 증류 가중치 α</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>모델</translation>
    </message>
    <message>
        <source>Weights (MB)</source>
        <translation>가중치 (MB)</translation>
    </message>
    <message>
        <source>MAE</source>
        <translatorcomment>untranslated: a metric name</translatorcomment>
        <translation>MAE</translation>
    </message>
    <message>
        <source>RMSE</source>
        <translatorcomment>untranslated: a metric name</translatorcomment>
        <translation>RMSE</translation>
    </message>
    <message>
        <source>α</source>
        <translatorcomment>untranslated: a symbol</translatorcomment>
        <translation>α</translation>
    </message>
    <message>
        <source>KD student MAE</source>
        <translation>지식 증류 학생 모델 MAE</translation>
    </message>
    <message>
        <source>Plain student MAE</source>
        <translation>일반 학생 모델 MAE</translation>
    </message>
    <message>
        <source>α (weight of the teacher term)</source>
        <translation>α (교사 모델 항의 가중치)</translation>
    </message>
    <message>
        <source>Test error (people)</source>
        <translation>테스트 오차 (명)</translation>
    </message>
    <message numerus="yes">
        <source>Experiment in %1: %n KD run(s).</source>
        <translation>
            <numerusform>%1의 실험: 지식 증류 실행 %n개.</numerusform>
        </translation>
    </message>
    <message>
        <source>KD student (%1, α = %2)</source>
        <translation>지식 증류 학생 모델 (%1, α = %2)</translation>
    </message>
    <message>
        <source>Teacher (%1)</source>
        <translation>교사 모델 (%1)</translation>
    </message>
    <message>
        <source>Student (%1)</source>
        <translation>학생 모델 (%1)</translation>
    </message>
    <message>
        <source>A training run is going in the Train tab: the sweep can start when it ends.</source>
        <translation>학습 탭에서 학습이 진행 중입니다. 그 학습이 끝나야 α 실험을 시작할 수 있습니다.</translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::ExperimentSession</name>
    <message>
        <source>An experiment is already running.</source>
        <translation>실험이 이미 진행 중입니다.</translation>
    </message>
    <message>
        <source>%1: %2 rows, more than an experiment writes</source>
        <translation>%1: 행 %2개, 실험이 쓰는 것보다 많습니다</translation>
    </message>
    <message>
        <source>%1: line %2 has %3 fields, not %4</source>
        <translation>%1: %2번째 줄의 필드가 %4개가 아니라 %3개입니다</translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::ExportDialog</name>
    <message>
        <source>Choose the model file to export.</source>
        <translation>내보낼 모델 파일을 고르세요.</translation>
    </message>
    <message>
        <source>%1: no such model file.</source>
        <translation>%1: 모델 파일이 없습니다.</translation>
    </message>
    <message>
        <source>Choose where to write the exported file.</source>
        <translation>내보낸 파일을 저장할 위치를 고르세요.</translation>
    </message>
    <message>
        <source>%1: no such test image.</source>
        <translation>%1: 테스트 이미지가 없습니다.</translation>
    </message>
    <message>
        <source>%1: no such teacher file.</source>
        <translation>%1: 교사 모델 파일이 없습니다.</translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation>내보내기 실패: %1</translation>
    </message>
    <message>
        <source>M-SFANet, the paper&apos;s figure for its weights (no teacher file chosen)</source>
        <translation>M-SFANet, 논문에 나온 가중치 크기 (교사 모델 파일을 고르지 않음)</translation>
    </message>
    <message>
        <source>teacher file %1</source>
        <translation>교사 모델 파일 %1</translation>
    </message>
    <message>
        <source>Exported file</source>
        <translation>내보낸 파일</translation>
    </message>
    <message>
        <source>%1 (%2 MB, %3 %4, %5 parameters)</source>
        <translation>%1 (%2 MB, %3 %4, 파라미터 %5개)</translation>
    </message>
    <message>
        <source>Teacher</source>
        <translation>교사 모델</translation>
    </message>
    <message>
        <source>%1 MB — %2</source>
        <translatorcomment>untranslated: a unit</translatorcomment>
        <translation>%1 MB — %2</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>크기</translation>
    </message>
    <message>
        <source>%1× smaller than the teacher</source>
        <translation>교사 모델보다 %1배 작음</translation>
    </message>
    <message>
        <source>Test image</source>
        <translation>테스트 이미지</translation>
    </message>
    <message>
        <source>Count (source model)</source>
        <translation>인원 수 (원본 모델)</translation>
    </message>
    <message>
        <source>Count (exported, %1)</source>
        <translation>인원 수 (내보낸 모델, %1)</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>차이</translation>
    </message>
    <message>
        <source>%1 people (largest density difference %2)</source>
        <translation>%1명 (밀집도 최대 차이 %2)</translation>
    </message>
    <message>
        <source>Exported to %1 (not verified: no test image).</source>
        <translation>%1(으)로 내보냈습니다 (테스트 이미지가 없어 검증하지 않음).</translation>
    </message>
    <message>
        <source>Exported and verified: %1 counts like the source model.</source>
        <translation>내보내고 검증했습니다: %1의 인원 계수 결과가 원본 모델과 같습니다.</translation>
    </message>
    <message>
        <source>Verification failed: %1 counts %2 people, the source model %3.</source>
        <translation>검증 실패: %1은(는) %2명, 원본 모델은 %3명으로 계수합니다.</translation>
    </message>
    <message>
        <source>Model to export</source>
        <translation>내보낼 모델</translation>
    </message>
    <message>
        <source>Export (*%1);;All files (*)</source>
        <translation>내보내기 (*%1);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Teacher model</source>
        <translation>교사 모델</translation>
    </message>
    <message>
        <source>Export Model</source>
        <translation>모델 내보내기</translation>
    </message>
    <message>
        <source>Ships a model as ONNX (OpenCV DNN, ONNX Runtime, TensorRT), a LibTorch archive or a PyTorch state dict, with a JSON side-car. The export is verified by counting a test image with it and with the source model.</source>
        <translation>모델을 ONNX(OpenCV DNN, ONNX Runtime, TensorRT), LibTorch 아카이브 또는 PyTorch state dict로 JSON 메타데이터와 함께 내보냅니다. 내보낸 모델과 원본 모델로 테스트 이미지의 인원을 계수해 결과를 검증합니다.</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>모델:</translation>
    </message>
    <message>
        <source>PyTorch .pth, CrowdKD checkpoint, .onnx or LibTorch archive</source>
        <translation>PyTorch .pth, CrowdKD 체크포인트, .onnx 또는 LibTorch 아카이브</translation>
    </message>
    <message>
        <source>Architecture:</source>
        <translation>구조:</translation>
    </message>
    <message>
        <source>From the file</source>
        <translation>파일에서 판단</translation>
    </message>
    <message>
        <source>MCNN</source>
        <translatorcomment>untranslated: a model name</translatorcomment>
        <translation>MCNN</translation>
    </message>
    <message>
        <source>M-SFANet</source>
        <translatorcomment>untranslated: a model name</translatorcomment>
        <translation>M-SFANet</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>형식:</translation>
    </message>
    <message>
        <source>ONNX (.onnx)</source>
        <translatorcomment>untranslated: a format name</translatorcomment>
        <translation>ONNX (.onnx)</translation>
    </message>
    <message>
        <source>LibTorch archive (.pt)</source>
        <translation>LibTorch 아카이브 (.pt)</translation>
    </message>
    <message>
        <source>PyTorch state dict (.pth)</source>
        <translation>PyTorch 상태 사전 (.pth)</translation>
    </message>
    <message>
        <source>Half precision weights (half the size)</source>
        <translation>반정밀도 가중치 (크기 절반)</translation>
    </message>
    <message>
        <source>Output file:</source>
        <translation>출력 파일:</translation>
    </message>
    <message>
        <source>Teacher (size comparison):</source>
        <translation>교사 모델 (크기 비교):</translation>
    </message>
    <message>
        <source>none: the paper&apos;s M-SFANet, 91.7 MB of weights</source>
        <translation>없음: 논문의 M-SFANet, 가중치 91.7 MB</translation>
    </message>
    <message>
        <source>Test image:</source>
        <translation>테스트 이미지:</translation>
    </message>
    <message>
        <source>none: the export is not verified</source>
        <translation>없음: 내보낸 모델을 검증하지 않음</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>내보내기</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>%1 불러오는 중…</translation>
    </message>
    <message>
        <source>Exporting to %1…</source>
        <translation>%1(으)로 내보내는 중…</translation>
    </message>
    <message>
        <source>Verifying on %1…</source>
        <translation>%1(으)로 검증하는 중…</translation>
    </message>
    <message>
        <source>Models (*.pth *.pt *.tar *.onnx);;All files (*)</source>
        <translation>모델 (*.pth *.pt *.tar *.onnx);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>%1 already exists: choose it with the button beside it to replace it, or give another name.</source>
        <translation>%1 파일이 이미 있습니다. 바꾸려면 옆의 단추로 이 파일을 고르고, 아니면 다른 이름을 입력하세요.</translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::MainWindow</name>
    <message>
        <source>Cannot Open Dataset</source>
        <translation>데이터셋을 열 수 없음</translation>
    </message>
    <message>
        <source>%1 could not be opened as a dataset:
%2</source>
        <translation>%1을(를) 데이터셋으로 열 수 없습니다:
%2</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>데이터셋</translation>
    </message>
    <message>
        <source>Annotate</source>
        <translation>주석</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>학습</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>비교</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>인원 계수</translation>
    </message>
    <message>
        <source>Browse the dataset: splits, images, head counts, statistics, problems</source>
        <translation>데이터셋 둘러보기: 분할, 이미지, 머리 수, 통계, 문제</translation>
    </message>
    <message>
        <source>Annotate head positions on one image</source>
        <translation>이미지 한 장에 머리 위치 주석 달기</translation>
    </message>
    <message>
        <source>&amp;Open Dataset…</source>
        <translation>데이터셋 열기(&amp;O)…</translation>
    </message>
    <message>
        <source>Open &amp;Image…</source>
        <translation>이미지 열기(&amp;I)…</translation>
    </message>
    <message>
        <source>Open &amp;Sample Dataset</source>
        <translation>예제 데이터셋 열기(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Close Dataset</source>
        <translation>데이터셋 닫기(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>환경설정(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>끝내기(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;About CrowdKD Studio</source>
        <translation>CrowdKD Studio 정보(&amp;A)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Qt 정보(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>최근 데이터셋(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>편집(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>보기(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>이동(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Workspace</source>
        <translation>작업 공간(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>언어(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <source>Workspaces</source>
        <translation>작업 공간</translation>
    </message>
    <message>
        <source>Main Toolbar</source>
        <translation>기본 도구 모음</translation>
    </message>
    <message numerus="yes">
        <source>%n head(s)</source>
        <translation>
            <numerusform>머리 %n개</numerusform>
        </translation>
    </message>
    <message>
        <source>Zoom %1%</source>
        <translation>배율 %1%</translation>
    </message>
    <message>
        <source>● Modified</source>
        <translation>● 수정됨</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>저장됨</translation>
    </message>
    <message>
        <source>%1[*] — CrowdKD Studio</source>
        <translatorcomment>untranslated: the product name</translatorcomment>
        <translation>%1[*] — CrowdKD Studio</translation>
    </message>
    <message>
        <source>No dataset open</source>
        <translation>열린 데이터셋 없음</translation>
    </message>
    <message>
        <source>CrowdKD Studio</source>
        <translatorcomment>untranslated: the product name</translatorcomment>
        <translation>CrowdKD Studio</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>%1 여는 중…</translation>
    </message>
    <message>
        <source>No Sample Dataset</source>
        <translation>예제 데이터셋 없음</translation>
    </message>
    <message>
        <source>The sample dataset is not installed with this build.</source>
        <translation>이 빌드에는 예제 데이터셋이 설치되어 있지 않습니다.</translation>
    </message>
    <message>
        <source>Cannot Open</source>
        <translation>열 수 없음</translation>
    </message>
    <message>
        <source>%1 is neither a dataset folder nor an image.</source>
        <translation>%1은(는) 데이터셋 폴더도 이미지도 아닙니다.</translation>
    </message>
    <message>
        <source>Open Dataset</source>
        <translation>데이터셋 열기</translation>
    </message>
    <message>
        <source>Open Image</source>
        <translation>이미지 열기</translation>
    </message>
    <message>
        <source>Clear Recent Datasets</source>
        <translation>최근 데이터셋 목록 지우기</translation>
    </message>
    <message>
        <source>About CrowdKD Studio</source>
        <translation>CrowdKD Studio 정보</translation>
    </message>
    <message>
        <source>&lt;h3&gt;CrowdKD Studio %1&lt;/h3&gt;&lt;p&gt;Annotate crowd images, train an M-SFANet teacher, distill it into a tiny MCNN student and ship it.&lt;/p&gt;&lt;table&gt;&lt;tr&gt;&lt;td&gt;Qt&lt;/td&gt;&lt;td&gt;%2 (built with %3)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;LibTorch&lt;/td&gt;&lt;td&gt;%4&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;OpenCV&lt;/td&gt;&lt;td&gt;%5&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</source>
        <translation>&lt;h3&gt;CrowdKD Studio %1&lt;/h3&gt;&lt;p&gt;군중 이미지에 주석을 달고, M-SFANet 교사 모델을 학습해 작은 MCNN 학생 모델로 지식 증류한 뒤 배포합니다.&lt;/p&gt;&lt;table&gt;&lt;tr&gt;&lt;td&gt;Qt&lt;/td&gt;&lt;td&gt;%2 (빌드: %3)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;LibTorch&lt;/td&gt;&lt;td&gt;%4&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;OpenCV&lt;/td&gt;&lt;td&gt;%5&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</translation>
    </message>
    <message>
        <source>&amp;Export Model…</source>
        <translation>모델 내보내기(&amp;E)…</translation>
    </message>
    <message>
        <source>Compare the teacher, the student and the KD student on a split</source>
        <translation>분할에서 교사 모델, 학생 모델, KD 학생 모델을 비교</translation>
    </message>
    <message>
        <source>Train the teacher, distill the student, run the α sweep</source>
        <translation>교사 모델 학습, 학생 모델 지식 증류, α 실험</translation>
    </message>
    <message>
        <source>Count people in images with a trained model</source>
        <translation>학습된 모델로 이미지의 인원 계수</translation>
    </message>
    <message>
        <source>Open a dataset folder</source>
        <translation>데이터셋 폴더 열기</translation>
    </message>
    <message>
        <source>The other images of %1 could not be listed: %2</source>
        <translation>%1의 다른 이미지를 목록으로 불러올 수 없습니다: %2</translation>
    </message>
    <message>
        <source>Export Running</source>
        <translation>내보내기 진행 중</translation>
    </message>
    <message>
        <source>A model is being exported. Close the window when the export has finished.</source>
        <translation>모델을 내보내는 중입니다. 내보내기가 끝난 뒤 창을 닫으세요.</translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::ModelChoice</name>
    <message>
        <source>KD α=%1</source>
        <translation>지식 증류 α=%1</translation>
    </message>
    <message>
        <source>teacher</source>
        <translation>교사 모델</translation>
    </message>
    <message>
        <source>student</source>
        <translation>학생 모델</translation>
    </message>
    <message>
        <source>Run %1 (%2)</source>
        <translation>실행 %1 (%2)</translation>
    </message>
    <message>
        <source>, MAE %1</source>
        <translatorcomment>untranslated: a metric name</translatorcomment>
        <translation>, MAE %1</translation>
    </message>
    <message>
        <source>Teacher of run %1: %2</source>
        <translation>실행 %1의 교사 모델: %2</translation>
    </message>
    <message>
        <source>Exported: %1</source>
        <translation>내보낸 모델: %1</translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>환경설정</translation>
    </message>
    <message>
        <source> s</source>
        <translation>초</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>끄기</translation>
    </message>
    <message>
        <source>Save into the dataset without asking when switching images</source>
        <translation>이미지를 바꿀 때 묻지 않고 데이터셋에 저장</translation>
    </message>
    <message>
        <source>Autosave unsaved edits every</source>
        <translation>저장하지 않은 편집 자동 저장 간격</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>언어</translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::ProposalPanel</name>
    <message>
        <source>Drag a rectangle on the image around the heads to propose (Esc cancels).</source>
        <translation>제안받을 머리 주변에 이미지 위로 사각형을 드래그하세요 (Esc로 취소).</translation>
    </message>
    <message>
        <source>Open an image to propose heads for it.</source>
        <translation>머리를 제안받을 이미지를 여세요.</translation>
    </message>
    <message>
        <source>%1: no such model file.</source>
        <translation>%1: 모델 파일이 없습니다.</translation>
    </message>
    <message>
        <source>Running %1 on %2…</source>
        <translation>%2에 %1 실행 중…</translation>
    </message>
    <message>
        <source>Proposing failed: %1</source>
        <translation>제안 실패: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n proposal(s) left</source>
        <translation>
            <numerusform>남은 제안 %n개</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n unsure</source>
        <translation>
            <numerusform>불확실 %n개</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Accepted %n, </source>
        <translation>
            <numerusform>수락 %n개, </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>≈%n click(s) saved.</source>
        <translation>
            <numerusform>클릭 약 %n회 절약.</numerusform>
        </translation>
    </message>
    <message>
        <source>Proposes the heads still missing, from the model&apos;s density. Click a proposal to accept it; select some and press Return to accept or Delete to reject.</source>
        <translation>모델의 밀집도 맵으로 아직 빠진 머리를 제안합니다. 제안을 클릭하면 수락하고, 여러 개를 선택한 뒤 Return으로 수락하거나 Delete로 거절합니다.</translation>
    </message>
    <message>
        <source>none</source>
        <translation>없음</translation>
    </message>
    <message>
        <source>Propose Heads</source>
        <translation>머리 제안</translation>
    </message>
    <message>
        <source>Propose the heads still missing in the whole image</source>
        <translation>이미지 전체에서 아직 빠진 머리를 제안</translation>
    </message>
    <message>
        <source>In Region…</source>
        <translation>영역에서…</translation>
    </message>
    <message>
        <source>Drag a rectangle, then propose the heads missing inside it</source>
        <translation>사각형을 드래그한 뒤 그 안에서 빠진 머리를 제안</translation>
    </message>
    <message>
        <source>Accept All</source>
        <translation>모두 수락</translation>
    </message>
    <message>
        <source>Accept Selected</source>
        <translation>선택 수락</translation>
    </message>
    <message>
        <source>Accept the selected proposals (Return)</source>
        <translation>선택한 제안 수락 (Return)</translation>
    </message>
    <message>
        <source>Reject All</source>
        <translation>모두 거절</translation>
    </message>
    <message>
        <source>Next Unsure</source>
        <translation>다음 불확실 항목</translation>
    </message>
    <message>
        <source>Zoom onto the next proposal the model is unsure of</source>
        <translation>모델이 확신하지 못하는 다음 제안으로 확대</translation>
    </message>
    <message>
        <source>Model (chosen under Review with model): %1</source>
        <translation>모델 (모델로 검토에서 고름): %1</translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::ReviewPanel</name>
    <message>
        <source>Open an annotated image to review it.</source>
        <translation>검토하려면 주석이 있는 이미지를 여세요.</translation>
    </message>
    <message>
        <source>%1: no such model file.</source>
        <translation>%1: 모델 파일이 없습니다.</translation>
    </message>
    <message>
        <source>Running %1 on %2…</source>
        <translation>%2에 %1 실행 중…</translation>
    </message>
    <message>
        <source>Review failed: %1</source>
        <translation>검토 실패: %1</translation>
    </message>
    <message>
        <source>#%1 Possibly missed heads: the model sees ≈%2 more</source>
        <translation>#%1 누락된 머리일 수 있음: 모델이 약 %2명 더 봅니다</translation>
    </message>
    <message>
        <source>#%1 Possibly extra or duplicate labels: ≈%2 more than the model sees</source>
        <translation>#%1 불필요하거나 중복된 주석일 수 있음: 모델보다 약 %2개 많습니다</translation>
    </message>
    <message>
        <source>Annotated %1, model %2 in %3×%4 px at (%5, %6)</source>
        <translation>주석 %1, 모델 %2 (위치 (%5, %6), 크기 %3×%4 px)</translation>
    </message>
    <message>
        <source>Model %1 people, annotation %2. %3 region(s) where they disagree most; choose one to zoom onto it.</source>
        <translation>모델 %1명, 주석 %2개. 가장 크게 어긋나는 영역 %3곳: 하나를 고르면 그 영역을 확대합니다.</translation>
    </message>
    <message>
        <source>Model %1 people, annotation %2: no region disagrees by a head or more.</source>
        <translation>모델 %1명, 주석 %2개: 한 명 이상 어긋나는 영역이 없습니다.</translation>
    </message>
    <message>
        <source>Model to review with</source>
        <translation>검토에 쓸 모델</translation>
    </message>
    <message>
        <source>Stop Reviewing</source>
        <translation>검토 중지</translation>
    </message>
    <message>
        <source>Review with Model</source>
        <translation>모델로 검토</translation>
    </message>
    <message>
        <source>Show where the model&apos;s density and the annotation disagree most</source>
        <translation>모델의 밀집도 맵과 주석이 가장 크게 어긋나는 곳을 보여 줍니다</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>모델:</translation>
    </message>
    <message>
        <source>Block size:</source>
        <translation>블록 크기:</translation>
    </message>
    <message>
        <source>Compares a student&apos;s density with the annotation to find heads that were missed or labelled twice.</source>
        <translation>학생 모델의 밀집도 맵을 주석과 비교해 누락되거나 두 번 표시된 머리를 찾습니다.</translation>
    </message>
    <message>
        <source>Models (*.pth *.pt *.tar *.onnx);;All files (*)</source>
        <translation>모델 (*.pth *.pt *.tar *.onnx);;모든 파일 (*)</translation>
    </message>
    <message>
        <source> px</source>
        <translatorcomment>untranslated: a unit</translatorcomment>
        <translation> px</translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::SplitStatisticsView</name>
    <message>
        <source>heads per image</source>
        <translation>이미지당 머리 수</translation>
    </message>
    <message>
        <source>images</source>
        <translation>이미지 수</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>이미지</translation>
    </message>
    <message>
        <source>Not annotated yet</source>
        <translation>아직 주석 없음</translation>
    </message>
    <message>
        <source>Counted so far</source>
        <translation>지금까지 센 이미지</translation>
    </message>
    <message>
        <source>Total heads</source>
        <translation>전체 머리 수</translation>
    </message>
    <message>
        <source>Min / max heads</source>
        <translation>최소 / 최대 머리 수</translation>
    </message>
    <message>
        <source>Mean heads</source>
        <translation>평균 머리 수</translation>
    </message>
    <message>
        <source>Unreadable ground truth</source>
        <translation>읽을 수 없는 정답 파일</translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::StudioSupport</name>
    <message>
        <source>Images (%1)</source>
        <translation>이미지 (%1)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>모든 파일 (*)</translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::ThumbnailDelegate</name>
    <message>
        <source>new</source>
        <translation>새 이미지</translation>
    </message>
    <message>
        <source>Unreadable image</source>
        <translation>읽을 수 없는 이미지</translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::TrainWorkspace</name>
    <message>
        <source>Checkpoint saved: %1 (epoch %2)</source>
        <translation>체크포인트 저장: %1 (에폭 %2)</translation>
    </message>
    <message>
        <source>Paused.</source>
        <translation>일시 정지했습니다.</translation>
    </message>
    <message>
        <source>Resumed.</source>
        <translation>다시 시작했습니다.</translation>
    </message>
    <message>
        <source>Dataset folder</source>
        <translation>데이터셋 폴더</translation>
    </message>
    <message>
        <source>Folder of training runs</source>
        <translation>학습 실행 폴더</translation>
    </message>
    <message>
        <source>Training settings</source>
        <translation>학습 설정</translation>
    </message>
    <message>
        <source>&amp;Preset:</source>
        <translation>프리셋(&amp;P):</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>사용자 지정</translation>
    </message>
    <message>
        <source>Paper: KD α=0.1</source>
        <translation>논문: 지식 증류 α=0.1</translation>
    </message>
    <message>
        <source>Paper: plain student</source>
        <translation>논문: 일반 학생 모델</translation>
    </message>
    <message>
        <source>Teacher (M-SFANet)</source>
        <translation>교사 모델 (M-SFANet)</translation>
    </message>
    <message>
        <source>Quick check (a few images)</source>
        <translation>빠른 점검 (이미지 몇 장)</translation>
    </message>
    <message>
        <source>&amp;Dataset:</source>
        <translation>데이터셋(&amp;D):</translation>
    </message>
    <message>
        <source>ShanghaiTech part folder (train_data, test_data)</source>
        <translation>ShanghaiTech 파트 폴더 (train_data, test_data)</translation>
    </message>
    <message>
        <source>Choose the dataset folder</source>
        <translation>데이터셋 폴더 선택</translation>
    </message>
    <message>
        <source>&amp;Mode:</source>
        <translation>방식(&amp;M):</translation>
    </message>
    <message>
        <source>Plain student (MCNN)</source>
        <translation>일반 학생 모델 (MCNN)</translation>
    </message>
    <message>
        <source>&amp;α (teacher weight):</source>
        <translation>&amp;α (교사 가중치):</translation>
    </message>
    <message>
        <source>loss = (1 − α)·MSE(student, ground truth) + α·MSE(student, teacher)</source>
        <translation>손실 = (1 − α)·MSE(학생 모델, 정답) + α·MSE(학생 모델, 교사 모델)</translation>
    </message>
    <message>
        <source>T&amp;eacher model:</source>
        <translation>교사 모델(&amp;E):</translation>
    </message>
    <message>
        <source>CrowdKD checkpoint or PyTorch .pth</source>
        <translation>CrowdKD 체크포인트 또는 PyTorch .pth</translation>
    </message>
    <message>
        <source>Choose the teacher model file</source>
        <translation>교사 모델 파일 선택</translation>
    </message>
    <message>
        <source>E&amp;pochs:</source>
        <translation>에폭(&amp;P):</translation>
    </message>
    <message>
        <source>&amp;Learning rate:</source>
        <translation>학습률(&amp;L):</translation>
    </message>
    <message>
        <source>0 uses the optimizer&apos;s default (Adam 1e-4, SGD 1e-6)</source>
        <translation>0이면 옵티마이저 기본값 (Adam 1e-4, SGD 1e-6)</translation>
    </message>
    <message>
        <source>&amp;Batch size:</source>
        <translation>배치 크기(&amp;B):</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>기본값</translation>
    </message>
    <message>
        <source>&amp;Crop size:</source>
        <translation>자르기 크기(&amp;C):</translation>
    </message>
    <message>
        <source>Whole images</source>
        <translation>이미지 전체</translation>
    </message>
    <message>
        <source> px</source>
        <translatorcomment>untranslated: a unit</translatorcomment>
        <translation> px</translation>
    </message>
    <message>
        <source>Training &amp;images:</source>
        <translation>학습 이미지(&amp;I):</translation>
    </message>
    <message>
        <source>All</source>
        <translation>전체</translation>
    </message>
    <message>
        <source>&amp;Optimizer:</source>
        <translation>옵티마이저(&amp;O):</translation>
    </message>
    <message>
        <source>&amp;Scheduler:</source>
        <translation>스케줄러(&amp;S):</translation>
    </message>
    <message>
        <source>Constant</source>
        <translation>고정</translation>
    </message>
    <message>
        <source>T_0 (epochs):</source>
        <translation>T_0 (에폭):</translation>
    </message>
    <message>
        <source>T_mult:</source>
        <translatorcomment>untranslated: a parameter name, as PyTorch spells it</translatorcomment>
        <translation>T_mult:</translation>
    </message>
    <message>
        <source>eta_min:</source>
        <translatorcomment>untranslated: a parameter name, as PyTorch spells it</translatorcomment>
        <translation>eta_min:</translation>
    </message>
    <message>
        <source>&amp;Validate every:</source>
        <translation>검증 간격(&amp;V):</translation>
    </message>
    <message numerus="yes">
        <source> epoch(s)</source>
        <translation>
            <numerusform> 에폭</numerusform>
        </translation>
    </message>
    <message>
        <source>See&amp;d:</source>
        <translation>시드(&amp;D):</translation>
    </message>
    <message>
        <source>De&amp;vice:</source>
        <translation>장치(&amp;V):</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>자동</translation>
    </message>
    <message>
        <source>&amp;Threads:</source>
        <translation>스레드(&amp;T):</translation>
    </message>
    <message>
        <source>All cores</source>
        <translation>모든 코어</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>시작(&amp;S)</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>중지(&amp;T)</translation>
    </message>
    <message>
        <source>Stop after the current iteration; the run can be resumed</source>
        <translation>현재 반복이 끝나면 중지합니다. 나중에 이어서 학습할 수 있습니다</translation>
    </message>
    <message>
        <source>Past runs</source>
        <translation>지난 실행</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>열기(&amp;O)</translation>
    </message>
    <message>
        <source>Show the run&apos;s settings and curves</source>
        <translation>실행의 설정과 곡선 보기</translation>
    </message>
    <message>
        <source>Compare &amp;curves</source>
        <translation>곡선 비교(&amp;C)</translation>
    </message>
    <message>
        <source>Draw the run&apos;s curves on the same axes</source>
        <translation>실행의 곡선을 같은 축에 겹쳐 그리기</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>이어서 학습(&amp;R)</translation>
    </message>
    <message>
        <source>Continue the run from its last checkpoint</source>
        <translation>마지막 체크포인트에서 실행을 이어 갑니다</translation>
    </message>
    <message>
        <source>Count &amp;with it</source>
        <translation>이 모델로 인원 계수(&amp;W)</translation>
    </message>
    <message>
        <source>Use the run&apos;s best model in the Count workspace</source>
        <translation>실행의 최고 모델을 인원 계수 작업 공간에서 사용</translation>
    </message>
    <message>
        <source>Runs folder…</source>
        <translation>실행 폴더…</translation>
    </message>
    <message>
        <source>Save charts…</source>
        <translation>차트 저장…</translation>
    </message>
    <message>
        <source>Ready.</source>
        <translation>준비됨.</translation>
    </message>
    <message>
        <source>&amp;Continue</source>
        <translation>계속(&amp;C)</translation>
    </message>
    <message>
        <source>P&amp;ause</source>
        <translation>일시 정지(&amp;A)</translation>
    </message>
    <message>
        <source>KD α=%1</source>
        <translation>지식 증류 α=%1</translation>
    </message>
    <message>
        <source>teacher</source>
        <translation>교사 모델</translation>
    </message>
    <message>
        <source>student</source>
        <translation>학생 모델</translation>
    </message>
    <message>
        <source> — MAE %1</source>
        <translatorcomment>untranslated: a metric name</translatorcomment>
        <translation> — MAE %1</translation>
    </message>
    <message>
        <source>The learning rate and eta_min must be non-negative numbers.</source>
        <translation>학습률과 eta_min은 0 이상의 수여야 합니다.</translation>
    </message>
    <message>
        <source>Choose the dataset folder to train on.</source>
        <translation>학습할 데이터셋 폴더를 고르세요.</translation>
    </message>
    <message>
        <source>Knowledge distillation needs a teacher model file.</source>
        <translation>지식 증류에는 교사 모델 파일이 필요합니다.</translation>
    </message>
    <message>
        <source>The training could not start.</source>
        <translation>학습을 시작할 수 없습니다.</translation>
    </message>
    <message>
        <source>Training %1 into %2</source>
        <translation>%1 학습, 저장 위치 %2</translation>
    </message>
    <message>
        <source>Preparing data…</source>
        <translation>데이터 준비 중…</translation>
    </message>
    <message>
        <source>Cannot start: %1</source>
        <translation>시작할 수 없음: %1</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>학습</translation>
    </message>
    <message>
        <source>Cannot resume: %1</source>
        <translation>이어서 학습할 수 없음: %1</translation>
    </message>
    <message>
        <source>Resuming %1</source>
        <translation>%1 이어서 학습</translation>
    </message>
    <message>
        <source>Stopping after the current iteration…</source>
        <translation>현재 반복이 끝나면 중지합니다…</translation>
    </message>
    <message>
        <source>Showing %1</source>
        <translation>%1 표시 중</translation>
    </message>
    <message>
        <source>Training…</source>
        <translation>학습 중…</translation>
    </message>
    <message>
        <source>Epoch %1/%2 · iteration %3/%4 · %5 samples/s · elapsed %6 · ETA %7 · loss %8</source>
        <translation>에폭 %1/%2 · 반복 %3/%4 · 초당 %5 샘플 · 경과 %6 · 남은 시간 %7 · 손실 %8</translation>
    </message>
    <message>
        <source>Paused — %1</source>
        <translation>일시 정지 — %1</translation>
    </message>
    <message>
        <source>Epoch %1/%2 — %p%</source>
        <translation>에폭 %1/%2 — %p%</translation>
    </message>
    <message>
        <source> (best so far)</source>
        <translation> (지금까지 최고)</translation>
    </message>
    <message>
        <source>Training finished.</source>
        <translation>학습을 마쳤습니다.</translation>
    </message>
    <message>
        <source>Training stopped; resume it from the list of past runs.</source>
        <translation>학습을 중지했습니다. 지난 실행 목록에서 이어서 학습할 수 있습니다.</translation>
    </message>
    <message>
        <source>Training failed: %1</source>
        <translation>학습 실패: %1</translation>
    </message>
    <message>
        <source>Failed.</source>
        <translation>실패했습니다.</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>완료</translation>
    </message>
    <message>
        <source>Stopped (resumable)</source>
        <translation>중지됨 (이어서 학습 가능)</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <source>Training is running</source>
        <translation>학습 진행 중</translation>
    </message>
    <message>
        <source>A training run is going. Stop it? Its last checkpoint is kept, so it can be resumed later from the list of past runs.</source>
        <translation>학습이 진행 중입니다. 중지할까요? 마지막 체크포인트가 남으므로 나중에 지난 실행 목록에서 이어서 학습할 수 있습니다.</translation>
    </message>
    <message>
        <source>Teacher model</source>
        <translation>교사 모델</translation>
    </message>
    <message>
        <source>Models (*.pth *.pt *.tar);;All files (*)</source>
        <translation>모델 (*.pth *.pt *.tar);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Save charts</source>
        <translation>차트 저장</translation>
    </message>
    <message>
        <source>PNG image (*.png);;PDF document (*.pdf)</source>
        <translation>PNG 이미지 (*.png);;PDF 문서 (*.pdf)</translation>
    </message>
    <message>
        <source>The charts could not be saved to %1.</source>
        <translation>차트를 %1에 저장할 수 없습니다.</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>학습</translation>
    </message>
    <message>
        <source>α Sweep (Experiment)</source>
        <translation>α 탐색 (실험)</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>내보내기(&amp;X)…</translation>
    </message>
    <message>
        <source>Export the run&apos;s best model (ONNX, LibTorch or PyTorch)</source>
        <translation>이 실행의 최고 모델을 내보냅니다 (ONNX, LibTorch 또는 PyTorch)</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>비교</translation>
    </message>
    <message>
        <source>Compare the run&apos;s best model in the Compare workspace</source>
        <translation>실행의 최고 모델을 비교 작업 공간에서 비교</translation>
    </message>
    <message>
        <source>%1 — cannot be read</source>
        <translation>%1 — 읽을 수 없음</translation>
    </message>
    <message>
        <source>Cannot read the run %1: %2</source>
        <translation>실행 %1을(를) 읽을 수 없음: %2</translation>
    </message>
    <message>
        <source>cannot be read</source>
        <translation>읽을 수 없음</translation>
    </message>
    <message>
        <source>not finished</source>
        <translation>끝나지 않음</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>완료</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>중지됨</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>실패</translation>
    </message>
    <message numerus="yes">
        <source>%1
Status: %2, %3 of %n epoch(s)</source>
        <translation>
            <numerusform>%1
상태: %2, 에폭 %n 중 %3</numerusform>
        </translation>
    </message>
    <message>
        <source>Started: %1, %2, %3, on %4; epochs %5 to %6</source>
        <translation>시작: %1, %2, %3, 장치 %4, 에폭 %5–%6</translation>
    </message>
    <message numerus="yes">
        <source>%n training image(s)</source>
        <translation>
            <numerusform>학습 이미지 %n장</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n validation image(s)</source>
        <translation>
            <numerusform>검증 이미지 %n장</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln parameter(s)</source>
        <translation>
            <numerusform>매개변수 %Ln개</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Epoch %1: validation MAE %2, RMSE %3 on %n image(s)%4</source>
        <translation>
            <numerusform>에폭 %1: 검증 MAE %2, RMSE %3 (이미지 %n장)%4</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%1&lt;/b&gt; — best validation MAE &lt;b&gt;%2&lt;/b&gt;, RMSE &lt;b&gt;%3&lt;/b&gt; (epoch %4) · weights %5 MB · %n epoch(s) in %6</source>
        <translation>
            <numerusform>&lt;b&gt;%1&lt;/b&gt; — 최고 검증 MAE &lt;b&gt;%2&lt;/b&gt;, RMSE &lt;b&gt;%3&lt;/b&gt; (에폭 %4) · 가중치 %5 MB · 에폭 %n회, %6 소요</numerusform>
        </translation>
    </message>
    <message>
        <source>Distilled student (KD)</source>
        <translation>증류 학생 모델 (KD)</translation>
    </message>
    <message>
        <source>Knowledge distillation: an MCNN student taught by a teacher model</source>
        <translation>지식 증류: 교사 모델이 가르치는 MCNN 학생 모델</translation>
    </message>
    <message>
        <source>Cosine, warm restarts</source>
        <translation>코사인, 웜 리스타트</translation>
    </message>
    <message>
        <source>Cosine annealing with warm restarts (every T_0 epochs, growing by T_mult)</source>
        <translation>웜 리스타트가 있는 코사인 어닐링 (T_0 에폭마다, T_mult배씩 늘어남)</translation>
    </message>
    <message>
        <source>&amp;Unlabeled images:</source>
        <translation>레이블 없는 이미지(&amp;U):</translation>
    </message>
    <message>
        <source>Optional: folders of frames without annotations</source>
        <translation>선택: 주석 없는 프레임 폴더</translation>
    </message>
    <message>
        <source>Images nobody annotated (e.g. frames from your own cameras) train the student on the teacher&apos;s maps alone. Separate several folders with “%1”.</source>
        <translation>아무도 주석을 달지 않은 이미지(예: 직접 운영하는 카메라의 프레임)는 교사 모델의 밀도 맵만으로 학생 모델을 학습시킵니다. 여러 폴더는 “%1”(으)로 구분합니다.</translation>
    </message>
    <message>
        <source>Add a folder of unlabeled images</source>
        <translation>레이블 없는 이미지 폴더 추가</translation>
    </message>
    <message>
        <source>Unlabeled s&amp;hare:</source>
        <translation>레이블 없는 비율(&amp;H):</translation>
    </message>
    <message>
        <source>Share of each batch&apos;s crops taken from the unlabeled images</source>
        <translation>각 배치의 크롭 중 레이블 없는 이미지에서 가져오는 비율</translation>
    </message>
    <message>
        <source>&amp;Backbone weights:</source>
        <translation>백본 가중치(&amp;B):</translation>
    </message>
    <message>
        <source>Optional: torchvision vgg16_bn ImageNet .pth</source>
        <translation>선택: torchvision vgg16_bn ImageNet .pth</translation>
    </message>
    <message>
        <source>Start M-SFANet&apos;s VGG16-bn encoder from torchvision&apos;s ImageNet weights, as the authors do; empty starts from random weights</source>
        <translation>저자들처럼 M-SFANet의 VGG16-bn 인코더를 torchvision의 ImageNet 가중치로 시작합니다. 비워 두면 무작위 가중치로 시작합니다</translation>
    </message>
    <message>
        <source>Choose the vgg16_bn weights file</source>
        <translation>vgg16_bn 가중치 파일 선택</translation>
    </message>
    <message>
        <source>One cycle</source>
        <translation>원 사이클</translation>
    </message>
    <message>
        <source>PyTorch&apos;s OneCycleLR over the whole run, the learning rate as its maximum</source>
        <translation>전체 학습에 걸친 PyTorch의 OneCycleLR, 학습률을 최댓값으로 사용</translation>
    </message>
    <message>
        <source>&amp;Warm-up:</source>
        <translation>워밍업(&amp;W):</translation>
    </message>
    <message>
        <source>None</source>
        <translation>없음</translation>
    </message>
    <message>
        <source> epochs</source>
        <translation> 에포크</translation>
    </message>
    <message>
        <source>Epochs over which the learning rate rises linearly from almost 0</source>
        <translation>학습률이 거의 0에서 선형으로 올라가는 에포크 수</translation>
    </message>
    <message numerus="yes">
        <source>Learning from %n unlabeled image(s) through the teacher alone.</source>
        <translation>
            <numerusform>레이블 없는 이미지 %n장을 교사 모델만으로 학습합니다.</numerusform>
        </translation>
    </message>
    <message>
        <source>Folder of unlabeled images</source>
        <translation>레이블 없는 이미지 폴더</translation>
    </message>
    <message>
        <source>Backbone weights</source>
        <translation>백본 가중치</translation>
    </message>
    <message>
        <source>PyTorch weights (*.pth *.pt);;All files (*)</source>
        <translation>PyTorch 가중치 (*.pth *.pt);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>LibTorch threads of each training process</source>
        <translation>학습 프로세스마다 쓰는 LibTorch 스레드 수</translation>
    </message>
    <message>
        <source>Pro&amp;cesses:</source>
        <translation>프로세스(&amp;C):</translation>
    </message>
    <message>
        <source>Local processes that train together in data parallel, each on its share of every batch (the batch must be a multiple). The same seed trains the same model; a training of several processes cannot pause.</source>
        <translation>데이터 병렬로 함께 학습하는 로컬 프로세스 수입니다. 각 프로세스가 배치마다 자기 몫을 맡습니다(배치 크기는 그 배수여야 합니다). 같은 시드는 같은 모델을 학습하며, 여러 프로세스로 하는 학습은 일시 정지할 수 없습니다.</translation>
    </message>
    <message>
        <source>This build cannot train with several processes (no Gloo).</source>
        <translation>이 빌드는 여러 프로세스로 학습할 수 없습니다(Gloo 없음).</translation>
    </message>
    <message>
        <source>Prec&amp;ision:</source>
        <translation>정밀도(&amp;I):</translation>
    </message>
    <message>
        <source>Float (fp32)</source>
        <translation>부동소수점 (fp32)</translation>
    </message>
    <message>
        <source>BFloat16 (bf16), faster</source>
        <translation>BFloat16 (bf16), 더 빠름</translation>
    </message>
    <message>
        <source>MCNN trains in 32-bit floats, as PyTorch does</source>
        <translation>MCNN을 PyTorch처럼 32비트 부동소수점으로 학습합니다</translation>
    </message>
    <message>
        <source>This CPU has no bfloat16 instructions (AVX-512 BF16 or AMX)</source>
        <translation>이 CPU에는 bfloat16 명령어(AVX-512 BF16 또는 AMX)가 없습니다</translation>
    </message>
    <message>
        <source>An α sweep is running: it has to end before a run can start.</source>
        <translation>α 실험이 진행 중입니다. 실험이 끝나야 학습을 시작할 수 있습니다.</translation>
    </message>
    <message>
        <source>α sweep is running</source>
        <translation>α 실험 진행 중</translation>
    </message>
    <message>
        <source>An α sweep is going. Stop it? Its finished runs are kept, and running the experiment again continues the interrupted one.</source>
        <translation>α 실험이 진행 중입니다. 중지할까요? 끝난 실행은 남고, 실험을 다시 실행하면 중단된 실행부터 이어서 진행합니다.</translation>
    </message>
    <message>
        <source>Stopping the α sweep after its current step…</source>
        <translation>현재 단계를 마친 뒤 α 스윕을 멈추는 중…</translation>
    </message>
    <message>
        <source>Stopping the training and saving its last checkpoint…</source>
        <translation>학습을 멈추고 마지막 체크포인트를 저장하는 중…</translation>
    </message>
    <message>
        <source>MCNN&apos;s columns compute in bfloat16 on the CPU: about 2× the speed, gradients to 8 significant bits; weights and the optimizer stay in fp32</source>
        <translation>MCNN의 세 열을 CPU에서 bfloat16으로 계산합니다: 약 2배 빠르고, 기울기는 유효 숫자 8비트까지 정확합니다. 가중치와 옵티마이저는 fp32로 유지됩니다</translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::TrainingCharts</name>
    <message>
        <source>Loss</source>
        <translation>손실</translation>
    </message>
    <message>
        <source>Loss (smoothed)</source>
        <translation>손실 (평활)</translation>
    </message>
    <message>
        <source>Iteration</source>
        <translation>반복</translation>
    </message>
    <message>
        <source>Training loss</source>
        <translation>학습 손실</translation>
    </message>
    <message>
        <source>Validation MAE</source>
        <translation>검증 MAE</translation>
    </message>
    <message>
        <source>Validation RMSE</source>
        <translation>검증 RMSE</translation>
    </message>
    <message>
        <source>Best MAE</source>
        <translation>최고 MAE</translation>
    </message>
    <message>
        <source>Epoch</source>
        <translation>에폭</translation>
    </message>
    <message>
        <source>Count error</source>
        <translation>인원수 오차</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>학습률</translation>
    </message>
    <message>
        <source>MAE: %1</source>
        <translatorcomment>untranslated: a metric name</translatorcomment>
        <translation>MAE: %1</translation>
    </message>
    <message>
        <source>Loss: %1</source>
        <translation>손실: %1</translation>
    </message>
    <message>
        <source>Epoch mean</source>
        <translation>에폭 평균</translation>
    </message>
    <message>
        <source>Ground-truth part (smoothed)</source>
        <translation>정답 항 (평활)</translation>
    </message>
    <message>
        <source>Teacher part (smoothed)</source>
        <translation>교사 항 (평활)</translation>
    </message>
    <message>
        <source>&amp;X axis:</source>
        <translation>X축(&amp;X):</translation>
    </message>
    <message>
        <source>S&amp;moothing:</source>
        <translation>평활(&amp;M):</translation>
    </message>
    <message>
        <source>Weight of the loss&apos;s exponential moving average (bias-corrected, as in TensorBoard); 0 shows the loss of each step</source>
        <translation>손실 지수 이동 평균의 가중치 (TensorBoard처럼 편향 보정); 0이면 각 스텝의 손실을 그대로 보여 줍니다</translation>
    </message>
    <message>
        <source>&amp;Log scale</source>
        <translation>로그 척도(&amp;L)</translation>
    </message>
    <message>
        <source>Draw the loss on a logarithmic axis, so spikes do not flatten the curve; zero and negative values are left out</source>
        <translation>손실을 로그 축에 그려 급격한 튐이 곡선을 납작하게 만들지 않게 합니다. 0과 음수 값은 빠집니다</translation>
    </message>
    <message>
        <source>&amp;Fit</source>
        <translation>맞추기(&amp;F)</translation>
    </message>
    <message>
        <source>Fit the charts to the data and follow new points (or double-click a chart)</source>
        <translation>차트를 데이터에 맞추고 새 점을 따라갑니다 (차트를 두 번 클릭해도 됩니다)</translation>
    </message>
    <message>
        <source>Wall time</source>
        <translation>경과 시간</translation>
    </message>
    <message>
        <source>Wall time (not in run logs)</source>
        <translation>경과 시간 (실행 로그에 없음)</translation>
    </message>
    <message>
        <source>Run logs (log.jsonl) record no times: wall time is offered for a run started in this session, without overlays.</source>
        <translation>실행 로그(log.jsonl)에는 시각이 기록되지 않습니다. 경과 시간 축은 이번 세션에서 시작한 실행을 겹친 곡선 없이 볼 때만 쓸 수 있습니다.</translation>
    </message>
    <message>
        <source>Wall time (h:mm:ss)</source>
        <translation>경과 시간 (h:mm:ss)</translation>
    </message>
    <message>
        <source>Epoch %1</source>
        <translation>에폭 %1</translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::TrainingSession</name>
    <message>
        <source>A training run is already going.</source>
        <translation>이미 학습이 진행 중입니다.</translation>
    </message>
    <message>
        <source>The folder %1 already holds a run.</source>
        <translation>%1 폴더에는 이미 실행이 있습니다.</translation>
    </message>
    <message>
        <source>Training with several processes needs the crowdkd command line, which was not found beside the studio.</source>
        <translation>여러 프로세스로 학습하려면 crowdkd 명령줄 프로그램이 필요한데, 스튜디오 옆에서 찾지 못했습니다.</translation>
    </message>
    <message>
        <source>Cannot start %1: %2</source>
        <translation>%1을(를) 시작할 수 없습니다: %2</translation>
    </message>
    <message>
        <source>A batch of %1 crops does not divide among %2 processes.</source>
        <translation>배치 %1개 크롭은 프로세스 %2개로 나누어지지 않습니다.</translation>
    </message>
    <message>
        <source>Removed %1 MiB of least recently used cache entries from %2 (budget %3 GiB)</source>
        <translation>%2에서 가장 오래 쓰지 않은 캐시 항목 %1 MiB를 지웠습니다 (한도 %3 GiB)</translation>
    </message>
    <message>
        <source>Reading the dataset</source>
        <translation>데이터셋 읽는 중</translation>
    </message>
    <message>
        <source>Starting the encoder from %1</source>
        <translation>%1에서 인코더 가중치를 불러오는 중</translation>
    </message>
    <message>
        <source>Loading the teacher %1</source>
        <translation>교사 모델 %1 불러오는 중</translation>
    </message>
    <message>
        <source>Caching the teacher&apos;s density maps</source>
        <translation>교사의 밀도 맵 캐시 만드는 중</translation>
    </message>
    <message numerus="yes">
        <source>Joining the other %n training process(es) as rank %1 (%2, rendezvous %3)</source>
        <translation>
            <numerusform>다른 학습 프로세스 %n개에 랭크 %1로 합류하는 중 (%2, 랑데부 %3)</numerusform>
        </translation>
    </message>
    <message>
        <source>The run trained in bf16, which cannot run here (it needs AVX-512 BF16 or AMX, and oneDNN); it goes on in fp32</source>
        <translation>이 실행은 bf16으로 학습했지만 여기서는 bf16을 쓸 수 없어(AVX-512 BF16 또는 AMX와 oneDNN이 필요합니다) fp32로 이어서 학습합니다</translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::WelcomePage</name>
    <message>
        <source>Welcome to CrowdKD Studio</source>
        <translation>CrowdKD Studio에 오신 것을 환영합니다</translation>
    </message>
    <message>
        <source>Annotate heads on crowd images, train a large teacher model, distill it into a tiny student model and ship it.</source>
        <translation>군중 이미지에 머리 위치 주석을 달고, 큰 교사 모델을 학습해 작은 학생 모델로 지식 증류한 뒤 배포하세요.</translation>
    </message>
    <message>
        <source>Open Dataset…</source>
        <translation>데이터셋 열기…</translation>
    </message>
    <message>
        <source>Open the Sample Dataset</source>
        <translation>예제 데이터셋 열기</translation>
    </message>
    <message>
        <source>A few ShanghaiTech part A images with their head annotations, bundled with the studio</source>
        <translation>스튜디오에 함께 들어 있는 ShanghaiTech part A 이미지 몇 장과 머리 위치 주석</translation>
    </message>
    <message>
        <source>Recent datasets</source>
        <translation>최근 데이터셋</translation>
    </message>
    <message>
        <source>A dataset is a folder in the ShanghaiTech layout: one folder per split (train_data, test_data) holding images/ and ground-truth/. You can also drop a dataset folder or an image on this window.</source>
        <translation>데이터셋은 ShanghaiTech 구조의 폴더입니다: 분할(train_data, test_data)마다 images/와 ground-truth/가 들어 있습니다. 데이터셋 폴더나 이미지를 이 창에 끌어다 놓아도 됩니다.</translation>
    </message>
</context>
</TS>
